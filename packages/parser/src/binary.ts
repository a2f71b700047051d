// Encode side of binary attachments: find Buffers/ArrayBuffers/views anywhere in the data and
// replace them with numbered placeholders, in one walk that copies only the branches it changes.
// The walk recurses, so it goes at most MAX_ENCODE_DEPTH deep: past that, encoding is refused
// with a ParserError instead of a stack overflow (cycles end there too).
import { ERROR_MESSAGES, parserError } from "./errors.js";

export type BinaryData = ArrayBuffer | ArrayBufferView;

export interface Placeholder {
  _placeholder: true;
  num: number;
}

/**
 * Deepest nesting the encoder walks. Far beyond what a decoder accepts (maxDepth, 32 by default),
 * and below the depth at which JSON.stringify itself overflows the stack (a few thousand).
 */
export const MAX_ENCODE_DEPTH = 1000;

export function isBinary(value: unknown): value is BinaryData {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** A zero-copy Buffer view of any binary value (what the transports write). */
export function toBuffer(value: BinaryData): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Returns `value` itself when it holds no binary (nothing allocated: the broadcast hot path),
 * otherwise a copy where each binary is a placeholder and `attachments` lists the binaries, as
 * given (an ArrayBuffer stays one, as with socket.io-parser), in placeholder order. Objects with
 * a toJSON are seen through it, as JSON.stringify would.
 */
export function extractAttachments(value: unknown, attachments: BinaryData[]): unknown {
  if (typeof value !== "object" || value === null) return value;
  return replaceIn(value, attachments, false, 1);
}

function replaceIn(value: object, attachments: BinaryData[], fromToJSON: boolean, depth: number): unknown {
  if (depth > MAX_ENCODE_DEPTH) throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
  if (Array.isArray(value)) return replaceInArray(value, attachments, depth);
  const proto: unknown = Object.getPrototypeOf(value);
  // Plain objects (the common case) skip the binary checks and the inherited-toJSON lookup.
  if (proto === Object.prototype || proto === null)
    return replaceInObject(value as Record<string, unknown>, attachments, fromToJSON, depth);
  if (isBinary(value)) {
    attachments.push(value);
    const placeholder: Placeholder = { _placeholder: true, num: attachments.length - 1 };
    return placeholder;
  }
  if (!fromToJSON && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    if (value instanceof Date) return value;
    return replaceViaToJSON(value, attachments, depth);
  }
  return replaceInObject(value as Record<string, unknown>, attachments, fromToJSON, depth);
}

/** What JSON.stringify would serialize is toJSON's result: look for binary there. */
function replaceViaToJSON(value: object, attachments: BinaryData[], depth: number): unknown {
  const json: unknown = (value as { toJSON: (key: string) => unknown }).toJSON("");
  if (typeof json !== "object" || json === null) return value;
  const replaced = replaceIn(json, attachments, true, depth);
  // No binary behind toJSON: keep the original, JSON.stringify will call toJSON itself.
  return replaced === json ? value : replaced;
}

function replaceInArray(array: unknown[], attachments: BinaryData[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item !== "object" || item === null) continue;
    const replaced = replaceIn(item, attachments, false, depth + 1);
    if (replaced !== item) {
      copy ??= array.slice();
      copy[i] = replaced;
    }
  }
  return copy ?? array;
}

function replaceInObject(
  object: Record<string, unknown>,
  attachments: BinaryData[],
  fromToJSON: boolean,
  depth: number,
): unknown {
  let copy: Record<string, unknown> | undefined;
  const attachmentsBefore = attachments.length;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (typeof item !== "object" || item === null) {
      if (key === "toJSON" && !fromToJSON && typeof item === "function") {
        // An own toJSON (object literal): JSON.stringify serializes its result instead, so
        // forget what the other keys contributed.
        attachments.length = attachmentsBefore;
        return replaceViaToJSON(object, attachments, depth);
      }
      continue;
    }
    const replaced = replaceIn(item, attachments, false, depth + 1);
    if (replaced !== item) {
      // Spread defines own properties, so a "__proto__" key stays data, never a prototype.
      copy ??= { ...object };
      copy[key] = replaced;
    }
  }
  return copy ?? object;
}
