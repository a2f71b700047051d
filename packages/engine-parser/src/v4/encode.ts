// Engine.IO v4 packet encoding: "<digit><data>" for text; binary is sent as is (a Buffer view,
// the type is implicitly "message") or, without binary support, as "b<base64>".
import { asBuffer, isBinary } from "../binary.js";
import { DIGIT_CHARS, FALLBACK_TYPE_DIGIT, digitOfType } from "../packet-types.js";
import { stringify } from "../text.js";
import type { Packet } from "../types.js";

export function encodePacketSync(packet: Packet, supportsBinary: boolean): string | Buffer {
  const data = packet.data;
  if (typeof data === "string") return typeDigit(packet) + data;
  if (data === undefined || data === null) return typeDigit(packet);
  if (isBinary(data)) {
    const bytes = asBuffer(data);
    return supportsBinary ? bytes : "b" + bytes.toString("base64");
  }
  // Not RawData (a caller outside the types): text, as engine.io-parser would concatenate it.
  return typeDigit(packet) + stringify(data);
}

/**
 * engine.io-parser-compatible callback form; calls back synchronously. Like engine.io-parser, it
 * hands binary data back as given (an ArrayBuffer stays one) when the peer supports binary.
 */
export function encodePacket(
  packet: Packet,
  supportsBinary: boolean,
  callback: (encoded: string | Buffer | ArrayBuffer | ArrayBufferView) => void,
): void {
  const data = packet.data;
  callback(supportsBinary && isBinary(data) ? data : encodePacketSync(packet, supportsBinary));
}

function typeDigit(packet: Packet): string {
  const digit = digitOfType(packet.type);
  return DIGIT_CHARS[digit < 0 ? FALLBACK_TYPE_DIGIT : digit]!;
}
