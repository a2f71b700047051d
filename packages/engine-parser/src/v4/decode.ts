// Engine.IO v4 packet decoding. Text: "<digit>[data]" or "b<base64>"; binary frames are always
// "message" packets. Anything malformed is ERROR_PACKET; nothing here throws.
import { decodeBase64 } from "../base64.js";
import { isBinary, isNodeBuffer, toBinaryType } from "../binary.js";
import { ERROR_PACKET } from "../errors.js";
import { typeFromCharCode } from "../packet-types.js";
import type { BinaryType, Packet, RawData } from "../types.js";

const CHAR_B = 98;

export function decodePacket(data: RawData, binaryType?: BinaryType): Packet {
  if (typeof data === "string") return decodeTextRange(data, 0, data.length, binaryType);
  // WebSocket frames arrive as Buffers: hand them back untouched.
  if (binaryType !== "arraybuffer" && isNodeBuffer(data)) return { type: "message", data };
  if (isBinary(data)) return { type: "message", data: toBinaryType(data, binaryType) };
  return ERROR_PACKET;
}

/**
 * Decodes the packet text[start, end), so a payload decoder needs no intermediate string per
 * packet: the only copy is the data itself.
 */
export function decodeTextRange(text: string, start: number, end: number, binaryType: BinaryType | undefined): Packet {
  if (start >= end) return ERROR_PACKET;
  const first = text.charCodeAt(start);
  const type = typeFromCharCode(first);
  if (type !== undefined) {
    return end - start > 1 ? { type, data: text.substring(start + 1, end) } : { type };
  }
  if (first === CHAR_B) {
    const bytes = decodeBase64(text, start + 1, end, binaryType);
    return bytes === undefined ? ERROR_PACKET : { type: "message", data: bytes };
  }
  return ERROR_PACKET;
}
