// v3 payload entry points: pick the text or binary form, and turn any internal rejection into
// [ERROR_PACKET] (a v3 peer discards the whole payload on a parser error).
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { decodeBinaryPayload, encodeBinaryPayload, hasBinaryPacket } from "./binary-payload.js";
import { decodeStringPayload, encodeStringPayload } from "./string-payload.js";

export function encodePayloadSync(packets: Packet[], supportsBinary: boolean): string | Buffer {
  return supportsBinary && hasBinaryPacket(packets) ? encodeBinaryPayload(packets) : encodeStringPayload(packets);
}

/** Receives each decoded packet, as engine.io-parser 2.x's callback does; `false` stops the walk. */
export type PayloadPacketCallback = (packet: Packet, index: number, total: number) => unknown;

/**
 * Decodes a whole v3 payload. The callback forms of engine.io-parser 2.x
 * (`decodePayload(data, [binaryType], callback)`) are accepted too: the callback runs once per
 * packet before the call returns.
 */
export function decodePayload(
  data: string | Buffer,
  binaryTypeOrCallback?: BinaryType | PayloadPacketCallback,
  callback?: PayloadPacketCallback,
): Packet[] {
  const each = typeof binaryTypeOrCallback === "function" ? binaryTypeOrCallback : callback;
  const binaryType = typeof binaryTypeOrCallback === "function" ? undefined : binaryTypeOrCallback;
  const packets = decodeWhole(data, each ? (binaryType ?? "nodebuffer") : binaryType);
  if (each) {
    for (let i = 0; i < packets.length; i++) if (each(packets[i]!, i, packets.length) === false) break;
  }
  return packets;
}

function decodeWhole(data: string | Buffer, binaryType: BinaryType | undefined): Packet[] {
  try {
    if (typeof data === "string") return decodeStringPayload(data, binaryType);
    if (Buffer.isBuffer(data)) return decodeBinaryPayload(data, binaryType);
    return [ERROR_PACKET];
  } catch {
    // EngineParserError from the decoders; nothing else is expected, and nothing may escape.
    return [ERROR_PACKET];
  }
}
