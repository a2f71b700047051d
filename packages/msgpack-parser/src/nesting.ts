// How deep MessagePack containers nest, read from the header bytes alone without decoding any
// value, in one iterative pass. msgpackr reads recursively, so input that nests thousands of
// levels would overflow the stack inside it: this scan refuses such input first. Malformed or
// truncated input is left to msgpackr to report.

/** Bytes to skip after the type byte for each fixed-size type, by type byte; 0 for the others. */
const FIXED_SIZE = new Uint8Array(256);
for (const [type, size] of [
  [0xca, 4], [0xcb, 8], // float 32/64
  [0xcc, 1], [0xcd, 2], [0xce, 4], [0xcf, 8], // uint 8..64
  [0xd0, 1], [0xd1, 2], [0xd2, 4], [0xd3, 8], // int 8..64
  [0xd4, 2], [0xd5, 3], [0xd6, 5], [0xd7, 9], [0xd8, 17], // fixext 1..16, with their type byte
] as const) {
  FIXED_SIZE[type] = size;
}

/** True when containers nest deeper than maxNesting (the outermost container is level 1). */
export function nestsDeeperThan(bytes: Uint8Array, maxNesting: number): boolean {
  const length = bytes.length;
  // Elements still to read in each open container, innermost last.
  const open: number[] = [];
  let pending = 1;
  let at = 0;
  while (at < length) {
    while (pending === 0) {
      if (open.length === 0) return false;
      pending = open.pop()!;
    }
    pending--;
    const type = bytes[at++]!;
    let children = -1;
    if (type <= 0x7f || type >= 0xe0 || (type >= 0xc0 && type <= 0xc3)) continue; // fixint, nil, bool
    if (type <= 0x8f) children = (type & 0x0f) * 2; // fixmap
    else if (type <= 0x9f) children = type & 0x0f; // fixarray
    else if (type <= 0xbf) at += type & 0x1f; // fixstr
    else if (type === 0xdc || type === 0xdd || type === 0xde || type === 0xdf) {
      const wide = type === 0xdd || type === 0xdf;
      if (at + (wide ? 4 : 2) > length) return false;
      const count = wide ? readUint32(bytes, at) : (bytes[at]! << 8) | bytes[at + 1]!;
      at += wide ? 4 : 2;
      children = type >= 0xde ? count * 2 : count;
    } else if (FIXED_SIZE[type] !== 0) {
      at += FIXED_SIZE[type]!;
    } else {
      // str/bin/ext 8, 16, 32: a length of 1, 2 or 4 bytes, then (ext) a type byte, then the data
      const lengthBytes = type === 0xd9 || type === 0xc4 || type === 0xc7 ? 1 : type === 0xda || type === 0xc5 || type === 0xc8 ? 2 : 4;
      if (at + lengthBytes > length) return false;
      const size = lengthBytes === 1 ? bytes[at]! : lengthBytes === 2 ? (bytes[at]! << 8) | bytes[at + 1]! : readUint32(bytes, at);
      at += lengthBytes + size + (type >= 0xc7 && type <= 0xc9 ? 1 : 0);
    }
    if (children >= 0) {
      if (open.length + 1 > maxNesting) return true;
      open.push(pending);
      pending = children;
    }
  }
  return false;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}
