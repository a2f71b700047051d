// Encode side of binary attachments: find Buffers/ArrayBuffers/views anywhere in the data and
// replace them with numbered placeholders, in one walk that copies only the branches it changes.

export type BinaryData = ArrayBuffer | ArrayBufferView;

export interface Placeholder {
  _placeholder: true;
  num: number;
}

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
 * otherwise a copy where each binary is a placeholder and `attachments` lists the binaries in
 * placeholder order. Objects with a toJSON are seen through it, as JSON.stringify would.
 */
export function extractAttachments(value: unknown, attachments: Buffer[]): unknown {
  if (typeof value !== "object" || value === null) return value;
  return replaceIn(value, attachments, false);
}

function replaceIn(value: object, attachments: Buffer[], fromToJSON: boolean): unknown {
  if (Array.isArray(value)) return replaceInArray(value, attachments);
  const proto: unknown = Object.getPrototypeOf(value);
  // Plain objects (the common case) skip the binary checks and the inherited-toJSON lookup.
  if (proto === Object.prototype || proto === null) return replaceInObject(value as Record<string, unknown>, attachments, fromToJSON);
  if (isBinary(value)) {
    attachments.push(toBuffer(value));
    const placeholder: Placeholder = { _placeholder: true, num: attachments.length - 1 };
    return placeholder;
  }
  if (!fromToJSON && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    if (value instanceof Date) return value;
    return replaceViaToJSON(value, attachments);
  }
  return replaceInObject(value as Record<string, unknown>, attachments, fromToJSON);
}

/** What JSON.stringify would serialize is toJSON's result: look for binary there. */
function replaceViaToJSON(value: object, attachments: Buffer[]): unknown {
  const json: unknown = (value as { toJSON: (key: string) => unknown }).toJSON("");
  if (typeof json !== "object" || json === null) return value;
  const replaced = replaceIn(json, attachments, true);
  // No binary behind toJSON: keep the original, JSON.stringify will call toJSON itself.
  return replaced === json ? value : replaced;
}

function replaceInArray(array: unknown[], attachments: Buffer[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item !== "object" || item === null) continue;
    const replaced = replaceIn(item, attachments, false);
    if (replaced !== item) {
      copy ??= array.slice();
      copy[i] = replaced;
    }
  }
  return copy ?? array;
}

function replaceInObject(object: Record<string, unknown>, attachments: Buffer[], fromToJSON: boolean): unknown {
  let copy: Record<string, unknown> | undefined;
  const attachmentsBefore = attachments.length;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (typeof item !== "object" || item === null) {
      if (key === "toJSON" && !fromToJSON && typeof item === "function") {
        // An own toJSON (object literal): JSON.stringify serializes its result instead, so
        // forget what the other keys contributed.
        attachments.length = attachmentsBefore;
        return replaceViaToJSON(object, attachments);
      }
      continue;
    }
    const replaced = replaceIn(item, attachments, false);
    if (replaced !== item) {
      // Spread defines own properties, so a "__proto__" key stays data, never a prototype.
      copy ??= { ...object };
      copy[key] = replaced;
    }
  }
  return copy ?? object;
}
