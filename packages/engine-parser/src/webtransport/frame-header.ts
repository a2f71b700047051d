// The length prefix of Engine.IO over WebTransport: bit 7 of the first byte says "binary", its
// low 7 bits hold the length below 126, or 126 (a 16-bit length follows) or 127 (a 64-bit one),
// all big-endian, as in WebSocket frame headers.

export const BINARY_FLAG = 0x80;
export const LENGTH_MASK = 0x7f;
export const LENGTH_16 = 126;
export const LENGTH_64 = 127;
const TWO_TO_32 = 2 ** 32;
/** High 32-bit words above this make a length past Number.MAX_SAFE_INTEGER (2^53 - 1). */
export const MAX_SAFE_HIGH_WORD = 2 ** 21 - 1;

export function frameHeader(length: number, binary: boolean): Uint8Array {
  const flag = binary ? BINARY_FLAG : 0;
  if (length < LENGTH_16) return Uint8Array.of(length | flag);
  if (length < 0x10000) return Uint8Array.of(LENGTH_16 | flag, length >>> 8, length & 0xff);
  const header = new Uint8Array(9);
  header[0] = LENGTH_64 | flag;
  const view = new DataView(header.buffer);
  view.setUint32(1, Math.floor(length / TWO_TO_32));
  view.setUint32(5, length >>> 0);
  return header;
}

/** The 64-bit length at bytes[0..8), or -1 when it does not fit in a safe integer. */
export function readLength64(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const high = view.getUint32(0);
  if (high > MAX_SAFE_HIGH_WORD) return -1;
  return high * TWO_TO_32 + view.getUint32(4);
}
