// v3 payload entry points: pick the text or binary form, and turn any internal rejection into
// [ERROR_PACKET] (a v3 peer discards the whole payload on a parser error).
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { decodeBinaryPayload, encodeBinaryPayload, hasBinaryPacket } from "./binary-payload.js";
import { decodeStringPayload, encodeStringPayload } from "./string-payload.js";

export function encodePayloadSync(packets: Packet[], supportsBinary: boolean): string | Buffer {
  return supportsBinary && hasBinaryPacket(packets) ? encodeBinaryPayload(packets) : encodeStringPayload(packets);
}

export function decodePayload(data: string | Buffer, binaryType?: BinaryType): Packet[] {
  try {
    if (typeof data === "string") return decodeStringPayload(data, binaryType);
    if (Buffer.isBuffer(data)) return decodeBinaryPayload(data, binaryType);
    return [ERROR_PACKET];
  } catch {
    // EngineParserError from the decoders; nothing else is expected, and nothing may escape.
    return [ERROR_PACKET];
  }
}
