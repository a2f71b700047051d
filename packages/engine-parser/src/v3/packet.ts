// Engine.IO v3 packets. Text: "<digit>[data]"; binary: [type byte 0..6][bytes]; base64 (no binary
// support): "b<digit><base64>". Unlike v4, a binary packet carries its own type.
import { decodeBase64 } from "../base64.js";
import { asBuffer, isBinary, sliceToBinaryType } from "../binary.js";
import { ERROR_PACKET } from "../errors.js";
import { DIGIT_CHARS, FALLBACK_TYPE_DIGIT, digitOfType, typeFromByte, typeFromCharCode } from "../packet-types.js";
import { stringify } from "../text.js";
import type { BinaryType, Packet, RawData } from "../types.js";

const CHAR_B = 98;

export function encodePacketSync(packet: Packet, supportsBinary: boolean): string | Buffer {
  const data = packet.data;
  if (isBinary(data)) {
    return supportsBinary
      ? encodeBinaryPacket(packet.type, asBuffer(data))
      : encodeBase64Packet(packet.type, asBuffer(data));
  }
  return encodeTextPacket(packet);
}

/** "<digit>[data]" for a packet whose data is not binary. */
export function encodeTextPacket(packet: Packet): string {
  const data = packet.data;
  const digit = typeDigitChar(packet.type);
  if (typeof data === "string") return digit + data;
  return data === undefined || data === null ? digit : digit + stringify(data);
}

/** "b<digit><base64>". */
export function encodeBase64Packet(type: Packet["type"], bytes: Buffer): string {
  return "b" + typeDigitChar(type) + bytes.toString("base64");
}

/** [type byte][bytes], one allocation. */
export function encodeBinaryPacket(type: Packet["type"], bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length + 1);
  out[0] = typeDigit(type);
  bytes.copy(out, 1);
  return out;
}

export function decodePacket(data: RawData, binaryType?: BinaryType): Packet {
  if (typeof data === "string") return decodeTextPacket(data, binaryType);
  if (isBinary(data)) return decodeBinaryPacket(asBuffer(data), binaryType);
  return ERROR_PACKET;
}

export function decodeTextPacket(text: string, binaryType: BinaryType | undefined): Packet {
  const first = text.charCodeAt(0);
  const type = typeFromCharCode(first);
  if (type !== undefined) {
    return text.length > 1 ? { type, data: text.substring(1) } : { type };
  }
  if (first === CHAR_B) {
    const base64Type = typeFromCharCode(text.charCodeAt(1));
    if (base64Type === undefined) return ERROR_PACKET;
    const bytes = decodeBase64(text, 2, text.length, binaryType);
    return bytes === undefined ? ERROR_PACKET : { type: base64Type, data: bytes };
  }
  return ERROR_PACKET;
}

/** [type byte][bytes] -> packet; the data is a view of `bytes` for "nodebuffer". */
export function decodeBinaryPacket(bytes: Buffer, binaryType: BinaryType | undefined): Packet {
  const type = typeFromByte(bytes[0]);
  if (type === undefined) return ERROR_PACKET;
  return { type, data: sliceToBinaryType(bytes, 1, bytes.length, binaryType) };
}

export function typeDigit(type: unknown): number {
  const digit = digitOfType(type);
  return digit < 0 ? FALLBACK_TYPE_DIGIT : digit;
}

function typeDigitChar(type: unknown): string {
  return DIGIT_CHARS[typeDigit(type)]!;
}
