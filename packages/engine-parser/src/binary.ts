// Binary data helpers: recognise binary input, and view it as a Buffer or an exact ArrayBuffer,
// copying only when a view cannot express the result.
import type { BinaryType } from "./types.js";

/** True for Buffer, any ArrayBufferView, or an ArrayBuffer. */
export function isBinary(data: unknown): data is Buffer | ArrayBuffer | ArrayBufferView {
  return typeof data === "object" && data !== null && (ArrayBuffer.isView(data) || data instanceof ArrayBuffer);
}

/** True for a Node Buffer (which can be handed back as is for "nodebuffer"). */
export function isNodeBuffer(data: unknown): data is Buffer {
  return Buffer.isBuffer(data);
}

/** A Buffer over the same memory (no copy). */
export function asBuffer(data: Buffer | ArrayBuffer | ArrayBufferView): Buffer {
  if (isNodeBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * An ArrayBuffer holding exactly the bytes of `view`: the underlying one when the view spans all
 * of it (and it is not shared), otherwise a copy of just those bytes.
 */
export function exactArrayBuffer(view: ArrayBufferView): ArrayBuffer {
  const backing = view.buffer;
  if (backing instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === backing.byteLength) {
    return backing;
  }
  return new Uint8Array(backing, view.byteOffset, view.byteLength).slice().buffer;
}

/** Hands binary data back in the requested representation; views, never copies, for "nodebuffer". */
export function toBinaryType(
  data: Buffer | ArrayBuffer | ArrayBufferView,
  binaryType: BinaryType | undefined,
): Buffer | ArrayBuffer {
  if (binaryType === "arraybuffer") {
    return data instanceof ArrayBuffer ? data : exactArrayBuffer(data);
  }
  return asBuffer(data);
}

/** Hands back a byte range of a Buffer in the requested representation. */
export function sliceToBinaryType(
  source: Buffer,
  start: number,
  end: number,
  binaryType: BinaryType | undefined,
): Buffer | ArrayBuffer {
  const view = source.subarray(start, end);
  return binaryType === "arraybuffer" ? exactArrayBuffer(view) : view;
}
