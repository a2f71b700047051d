// How deep MessagePack containers nest, read from the header bytes alone without decoding any
// value, in one iterative pass. msgpackr reads recursively, so input that nests thousands of
// levels would overflow the stack inside it: this scan refuses such input first. Malformed or
// truncated input is left to msgpackr to report.

// What each type byte is, by type byte: >= 0 a value whose remaining bytes are that many (fixint,
// nil, bool, float, int, fixext with its type byte, fixstr), or one of these.
const FIXMAP = -1;
const FIXARRAY = -2;
/** array16/32, map16/32: a 2- or 4-byte element count follows. */
const ARRAY16 = -3;
const ARRAY32 = -4;
const MAP16 = -5;
const MAP32 = -6;
/** str/bin 8/16/32 and ext 8/16/32: a 1-, 2- or 4-byte length follows (ext: then a type byte). */
const SIZED8 = -7;
const SIZED16 = -8;
const SIZED32 = -9;
const EXT8 = -10;
const EXT16 = -11;
const EXT32 = -12;

const KIND = new Int8Array(256);
for (let type = 0x80; type <= 0x8f; type++) KIND[type] = FIXMAP;
for (let type = 0x90; type <= 0x9f; type++) KIND[type] = FIXARRAY;
for (let type = 0xa0; type <= 0xbf; type++) KIND[type] = type & 0x1f;
for (const [type, kind] of [
  [0xc4, SIZED8],
  [0xc5, SIZED16],
  [0xc6, SIZED32], // bin
  [0xc7, EXT8],
  [0xc8, EXT16],
  [0xc9, EXT32],
  [0xca, 4],
  [0xcb, 8], // float 32/64
  [0xcc, 1],
  [0xcd, 2],
  [0xce, 4],
  [0xcf, 8], // uint 8..64
  [0xd0, 1],
  [0xd1, 2],
  [0xd2, 4],
  [0xd3, 8], // int 8..64
  [0xd4, 2],
  [0xd5, 3],
  [0xd6, 5],
  [0xd7, 9],
  [0xd8, 17], // fixext 1..16
  [0xd9, SIZED8],
  [0xda, SIZED16],
  [0xdb, SIZED32], // str
  [0xdc, ARRAY16],
  [0xdd, ARRAY32],
  [0xde, MAP16],
  [0xdf, MAP32],
] as const) {
  KIND[type] = kind;
}

/** Elements still to read in each open container; shared, as a scan runs to completion synchronously. */
const pendingByLevel: number[] = [];

/** True when containers nest deeper than maxNesting (the outermost container is level 1). */
export function nestsDeeperThan(bytes: Uint8Array, maxNesting: number): boolean {
  const length = bytes.length;
  let level = 0;
  let pending = 1;
  let at = 0;
  while (at < length) {
    while (pending === 0) {
      if (level === 0) return false;
      pending = pendingByLevel[--level]!;
    }
    pending--;
    const type = bytes[at++]!;
    const kind = KIND[type]!;
    if (kind >= 0) {
      at += kind;
      continue;
    }
    let children: number;
    if (kind === FIXMAP) {
      children = (type & 0x0f) * 2;
    } else if (kind === FIXARRAY) {
      children = type & 0x0f;
    } else if (kind <= SIZED8) {
      const width = kind === SIZED8 || kind === EXT8 ? 1 : kind === SIZED16 || kind === EXT16 ? 2 : 4;
      if (at + width > length) return false;
      at += width + readLength(bytes, at, width) + (kind <= EXT8 ? 1 : 0);
      continue;
    } else {
      const width = kind === ARRAY16 || kind === MAP16 ? 2 : 4;
      if (at + width > length) return false;
      const count = readLength(bytes, at, width);
      at += width;
      children = kind <= MAP16 ? count * 2 : count;
    }
    if (level >= maxNesting) return true;
    pendingByLevel[level++] = pending;
    pending = children;
  }
  return false;
}

/** Big-endian unsigned length of 1, 2 or 4 bytes. */
function readLength(bytes: Uint8Array, at: number, width: number): number {
  if (width === 1) return bytes[at]!;
  if (width === 2) return (bytes[at]! << 8) | bytes[at + 1]!;
  return bytes[at]! * 0x1000000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}
