// Strict base64 (standard alphabet, optional "=" padding) for "b" packets. Node's decoder skips
// characters it does not know, so garbage would silently become different bytes; here it is a
// parser error. Short bodies (the common case) are decoded in JS, which validates as it goes and
// avoids the native call's fixed cost; long ones are validated by a regular expression, then
// decoded natively.
import type { BinaryType } from "./types.js";

const EQUALS = 61;
const INVALID = 0xff;
/** Above this many characters the native decoder wins despite the separate validation pass. */
const JS_DECODE_MAX_CHARS = 1024;
const ALPHABET_ONLY = /^[A-Za-z0-9+/]*$/;

/** 6-bit value of each base64 character by char code (< 128); INVALID for everything else. */
const SEXTET = new Uint8Array(128).fill(INVALID);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach((char, value) => {
  SEXTET[char.charCodeAt(0)] = value;
});

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? SEXTET[code]! : INVALID;
}

/**
 * End of the base64 data in text (before any "=" padding), or -1 when the shape is wrong: padding
 * of more than two characters or in a body whose length is not a multiple of 4, or an unpadded
 * body that leaves a lone 6-bit group (length % 4 === 1). Characters are checked while decoding.
 */
function dataEnd(text: string, start: number, stop: number): number {
  let end = stop;
  if (end > start && text.charCodeAt(end - 1) === EQUALS) {
    if ((end - start) % 4 !== 0) return -1;
    end -= end - 1 > start && text.charCodeAt(end - 2) === EQUALS ? 2 : 1;
  }
  return (end - start) % 4 === 1 ? -1 : end;
}

/** Bytes that `chars` base64 characters (no padding) decode to. */
function byteLengthOf(chars: number): number {
  const remainder = chars % 4;
  return ((chars - remainder) / 4) * 3 + (remainder === 0 ? 0 : remainder - 1);
}

/** Decodes text[start, end) (no padding) into target; false on a character outside the alphabet. */
function decodeInto(text: string, start: number, end: number, target: Uint8Array): boolean {
  let at = start;
  let out = 0;
  const blocksEnd = end - ((end - start) % 4);
  while (at < blocksEnd) {
    const codeA = text.charCodeAt(at);
    const codeB = text.charCodeAt(at + 1);
    const codeC = text.charCodeAt(at + 2);
    const codeD = text.charCodeAt(at + 3);
    if ((codeA | codeB | codeC | codeD) > 127) return false;
    const a = SEXTET[codeA]!;
    const b = SEXTET[codeB]!;
    const c = SEXTET[codeC]!;
    const d = SEXTET[codeD]!;
    // Valid sextets are <= 63, INVALID is 0xff: one test covers all four.
    if ((a | b | c | d) > 63) return false;
    target[out++] = (a << 2) | (b >> 4);
    target[out++] = ((b & 0x0f) << 4) | (c >> 2);
    target[out++] = ((c & 0x03) << 6) | d;
    at += 4;
  }
  const rest = end - at;
  if (rest >= 2) {
    const a = sextet(text, at);
    const b = sextet(text, at + 1);
    if ((a | b) > 63) return false;
    target[out++] = (a << 2) | (b >> 4);
    if (rest === 3) {
      const c = sextet(text, at + 2);
      if (c > 63) return false;
      target[out++] = ((b & 0x0f) << 4) | (c >> 2);
    }
  }
  return true;
}

/**
 * Decodes text.slice(start, stop) as base64, or returns undefined when it is invalid. For
 * "arraybuffer" the bytes land in an ArrayBuffer of exactly their size.
 */
export function decodeBase64(
  text: string,
  start: number,
  stop: number,
  binaryType: BinaryType | undefined,
): Buffer | ArrayBuffer | undefined {
  const end = dataEnd(text, start, stop);
  if (end < 0) return undefined;
  const length = byteLengthOf(end - start);
  if (end - start <= JS_DECODE_MAX_CHARS) {
    if (binaryType === "arraybuffer") {
      const target = new Uint8Array(length);
      return decodeInto(text, start, end, target) ? target.buffer : undefined;
    }
    const target = Buffer.allocUnsafe(length);
    return decodeInto(text, start, end, target) ? target : undefined;
  }
  const body = text.substring(start, end);
  if (!ALPHABET_ONLY.test(body)) return undefined;
  if (binaryType === "arraybuffer") {
    const target = new ArrayBuffer(length);
    Buffer.from(target).write(body, "base64");
    return target;
  }
  return Buffer.from(body, "base64");
}
