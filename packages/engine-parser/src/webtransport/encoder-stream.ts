// Packets -> length-prefixed frames (Engine.IO over WebTransport): each packet becomes a header
// chunk and a payload chunk. Binary data goes out as a view of the caller's bytes, never copied.
import { TransformStream } from "node:stream/web";
import { encodePacketSync } from "../v4/encode.js";
import type { Packet } from "../types.js";
import { frameHeader } from "./frame-header.js";

const utf8 = new TextEncoder();

export function createPacketEncoderStream(): TransformStream<Packet, Uint8Array> {
  return new TransformStream<Packet, Uint8Array>({
    transform(packet, controller) {
      const data = packet.data;
      const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
      const payload = binary ? bytesOf(data) : utf8.encode(encodePacketSync(packet, false) as string);
      controller.enqueue(frameHeader(payload.byteLength, binary));
      controller.enqueue(payload);
    },
  });
}

/** The bytes of binary data as a Uint8Array: the value itself when it is one (Buffers included). */
function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
