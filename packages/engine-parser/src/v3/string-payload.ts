// v3 text payloads: "<length>:<packet>" repeated, the length in UTF-16 code units (what v3
// JavaScript peers count), binary packets as "b<digit><base64>".
import { isBinary, asBuffer } from "../binary.js";
import { EngineParserError, EngineParserErrorCode } from "../errors.js";
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { MAX_LENGTH_DIGITS } from "./length-field.js";
import { decodeTextPacket, encodeBase64Packet, encodeTextPacket } from "./packet.js";

const CHAR_COLON = 58;
const CHAR_ZERO = 48;

/** An empty list encodes as "0:", as v3 peers expect. */
export function encodeStringPayload(packets: Packet[]): string {
  if (packets.length === 0) return "0:";
  let payload = "";
  for (const packet of packets) {
    const data = packet.data;
    const encoded = isBinary(data) ? encodeBase64Packet(packet.type, asBuffer(data)) : encodeTextPacket(packet);
    payload += encoded.length + ":" + encoded;
  }
  return payload;
}

/** Throws EngineParserError on any malformed length or packet; "0:" fields are skipped. */
export function decodeStringPayload(text: string, binaryType: BinaryType | undefined): Packet[] {
  const end = text.length;
  if (end === 0) throw new EngineParserError(EngineParserErrorCode.EMPTY_PAYLOAD, "empty payload");
  const packets: Packet[] = [];
  let at = 0;
  while (at < end) {
    let length = 0;
    const fieldStart = at;
    for (;;) {
      if (at >= end) throw new EngineParserError(EngineParserErrorCode.UNTERMINATED_LENGTH, "length field without ':'");
      const code = text.charCodeAt(at);
      if (code === CHAR_COLON) break;
      const digit = code - CHAR_ZERO;
      if (!(digit >= 0 && digit <= 9) || at - fieldStart >= MAX_LENGTH_DIGITS) {
        throw new EngineParserError(EngineParserErrorCode.INVALID_LENGTH, "length is not a short decimal number");
      }
      length = length * 10 + digit;
      at++;
    }
    if (at === fieldStart) throw new EngineParserError(EngineParserErrorCode.INVALID_LENGTH, "empty length");
    at++; // the ':'
    if (length > end - at)
      throw new EngineParserError(EngineParserErrorCode.LENGTH_OVERRUN, "length runs past the payload");
    if (length > 0) {
      const packet = decodeTextPacket(text.substring(at, at + length), binaryType);
      if (packet === ERROR_PACKET)
        throw new EngineParserError(EngineParserErrorCode.INVALID_PACKET, "malformed packet in payload");
      packets.push(packet);
    }
    at += length;
  }
  return packets;
}
