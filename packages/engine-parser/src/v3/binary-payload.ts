// v3 binary payloads (XHR2 polling): for each packet, a marker byte (0x00 string, 0x01 binary),
// its length as one byte per decimal digit, 0xff, then the packet. String packets are UTF-8 and
// their length counts bytes; binary packets are [type byte][data].
import { asBuffer, isBinary } from "../binary.js";
import { EngineParserError, EngineParserErrorCode } from "../errors.js";
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { MAX_LENGTH_DIGITS } from "./length-field.js";
import { decodeBinaryPacket, decodeTextPacket, encodeTextPacket, typeDigit } from "./packet.js";
import { decodeUtf8, encodeUtf8 } from "./utf8.js";

const STRING_MARKER = 0;
const BINARY_MARKER = 1;
const LENGTH_END = 0xff;

export function hasBinaryPacket(packets: Packet[]): boolean {
  for (const packet of packets) if (isBinary(packet.data)) return true;
  return false;
}

/** Sizes everything first, then writes into one allocation. */
export function encodeBinaryPayload(packets: Packet[]): Buffer {
  const bodies: Buffer[] = new Array(packets.length);
  const lengthFields: string[] = new Array(packets.length);
  let total = 0;
  for (let i = 0; i < packets.length; i++) {
    const packet = packets[i]!;
    const data = packet.data;
    // A binary body gets its type byte in front; a string body is the UTF-8 of "<digit><data>".
    const body = isBinary(data) ? asBuffer(data) : encodeUtf8(encodeTextPacket(packet));
    const bodyLength = isBinary(data) ? body.length + 1 : body.length;
    bodies[i] = body;
    lengthFields[i] = String(bodyLength);
    total += 2 + lengthFields[i]!.length + bodyLength;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < packets.length; i++) {
    const packet = packets[i]!;
    const binary = isBinary(packet.data);
    const field = lengthFields[i]!;
    out[at++] = binary ? BINARY_MARKER : STRING_MARKER;
    for (let d = 0; d < field.length; d++) out[at++] = field.charCodeAt(d) - 48;
    out[at++] = LENGTH_END;
    if (binary) out[at++] = typeDigit(packet.type);
    at += bodies[i]!.copy(out, at);
  }
  return out;
}

/** Throws EngineParserError on any malformed marker, length or packet. Empty input: no packets. */
export function decodeBinaryPayload(bytes: Buffer, binaryType: BinaryType | undefined): Packet[] {
  const end = bytes.length;
  const packets: Packet[] = [];
  let at = 0;
  while (at < end) {
    const marker = bytes[at++];
    if (marker !== STRING_MARKER && marker !== BINARY_MARKER) {
      throw new EngineParserError(EngineParserErrorCode.INVALID_MARKER, "packet marker is neither 0 nor 1");
    }
    let length = 0;
    let digits = 0;
    for (;;) {
      if (at >= end)
        throw new EngineParserError(EngineParserErrorCode.UNTERMINATED_LENGTH, "length field without 0xff");
      const byte = bytes[at++]!;
      if (byte === LENGTH_END) break;
      if (byte > 9 || ++digits > MAX_LENGTH_DIGITS) {
        throw new EngineParserError(EngineParserErrorCode.INVALID_LENGTH, "length is not a short decimal number");
      }
      length = length * 10 + byte;
    }
    if (digits === 0) throw new EngineParserError(EngineParserErrorCode.INVALID_LENGTH, "empty length");
    if (length > end - at)
      throw new EngineParserError(EngineParserErrorCode.LENGTH_OVERRUN, "length runs past the payload");
    const packet =
      marker === STRING_MARKER
        ? decodeTextPacket(decodeUtf8(bytes, at, at + length), binaryType)
        : decodeBinaryPacket(bytes.subarray(at, at + length), binaryType);
    if (packet === ERROR_PACKET)
      throw new EngineParserError(EngineParserErrorCode.INVALID_PACKET, "malformed packet in payload");
    packets.push(packet);
    at += length;
  }
  return packets;
}
