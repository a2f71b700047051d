// UTF-8 for the string packets of v3 binary payloads, read as v3 peers read it: malformed UTF-8 is
// a parser error, except an encoded surrogate (3 bytes), which becomes one U+FFFD. Node's decoder
// handles the common case; the manual path only runs when Node had something to replace.
import { EngineParserError, EngineParserErrorCode } from "../errors.js";

const REPLACEMENT = "\ufffd";

/**
 * UTF-8 bytes of `text`. A lone surrogate becomes U+FFFD, as v3 peers write it (their encoder
 * replaces what is not a Unicode scalar value), which is also what Node's encoder does.
 */
export function encodeUtf8(text: string): Buffer {
  return Buffer.from(text, "utf8");
}

/** Decodes bytes[start, end); throws EngineParserError(INVALID_UTF8) on malformed input. */
export function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString("utf8", start, end);
  // Without U+FFFD in the result, Node found nothing to replace: the bytes were valid UTF-8.
  return text.includes(REPLACEMENT) ? decodeStrictly(bytes, start, end) : text;
}

function invalid(): EngineParserError {
  return new EngineParserError(EngineParserErrorCode.INVALID_UTF8, "string packet is not valid UTF-8");
}

function continuation(bytes: Buffer, at: number, end: number): number {
  if (at >= end) throw invalid();
  const byte = bytes[at]!;
  if ((byte & 0xc0) !== 0x80) throw invalid();
  return byte & 0x3f;
}

/** Strict UTF-8, except that an encoded surrogate decodes to U+FFFD; one pass into UTF-16 units. */
function decodeStrictly(bytes: Buffer, start: number, end: number): string {
  const units = new Uint16Array(end - start);
  let count = 0;
  let at = start;
  while (at < end) {
    const lead = bytes[at++]!;
    let code: number;
    if (lead < 0x80) {
      code = lead;
    } else if ((lead & 0xe0) === 0xc0) {
      code = ((lead & 0x1f) << 6) | continuation(bytes, at++, end);
      if (code < 0x80) throw invalid();
    } else if ((lead & 0xf0) === 0xe0) {
      code = ((lead & 0x0f) << 12) | (continuation(bytes, at, end) << 6) | continuation(bytes, at + 1, end);
      at += 2;
      if (code < 0x800) throw invalid();
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    } else if ((lead & 0xf8) === 0xf0) {
      code =
        ((lead & 0x07) << 18) |
        (continuation(bytes, at, end) << 12) |
        (continuation(bytes, at + 1, end) << 6) |
        continuation(bytes, at + 2, end);
      at += 3;
      if (code < 0x10000 || code > 0x10ffff) throw invalid();
    } else {
      throw invalid();
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      units[count++] = 0xd800 + (code >> 10);
      units[count++] = 0xdc00 + (code & 0x3ff);
    } else {
      units[count++] = code;
    }
  }
  return unitsToString(units, count);
}

const CHUNK = 8192;

/** String of the first `count` code units, in bounded chunks (fromCharCode takes arguments). */
function unitsToString(units: Uint16Array, count: number): string {
  let text = "";
  for (let at = 0; at < count; at += CHUNK) {
    text += String.fromCharCode.apply(null, units.subarray(at, Math.min(count, at + CHUNK)) as unknown as number[]);
  }
  return text;
}
