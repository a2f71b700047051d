// Packet -> one msgpack map { type, nsp, data?, id? } (binary inline as bin), byte-compatible
// with socket.io-msgpack-parser; the bytes come from msgpackr (codec.ts).
import { ERROR_MESSAGES, PacketType, parserError, type Packet } from "@socketry/parser";
import { packShared } from "./codec.js";
import { packWithHead, wireType } from "./packet-head.js";

type WireKey = "type" | "nsp" | "data" | "id";

export class Encoder {
  /**
   * Writes the packet's fields in the caller's key order (so the bytes match the official
   * encoder's for the same object), BINARY_EVENT/BINARY_ACK as their plain type (msgpack
   * carries binary inline), and leaves out undefined and unknown fields (`attachments`, flags).
   */
  encode(packet: Packet): Buffer[] {
    try {
      return [packWithHead(packet) ?? packShared(isWireReady(packet) ? packet : toWireMap(packet))];
    } catch (error) {
      // msgpackr writes recursively: data nested thousands deep (or circular) overflows the stack.
      // It recovers (the next pack is whole); the caller gets the parser's coded error.
      if (error instanceof RangeError && /call stack/i.test(error.message)) {
        throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep, error);
      }
      throw error;
    }
  }
}

/** The common case (the server's own packets): nothing to drop or rename, packed as it is. */
function isWireReady(packet: Packet): boolean {
  if (packet.type === PacketType.BINARY_EVENT || packet.type === PacketType.BINARY_ACK) return false;
  for (const key in packet) {
    if (key !== "type" && key !== "nsp" && key !== "data" && key !== "id") return false;
  }
  return true;
}

/** A fresh map of the wire fields only: the caller's packet is never modified. */
function toWireMap(packet: Packet): Partial<Record<WireKey, unknown>> {
  const wire: Partial<Record<WireKey, unknown>> = {};
  for (const key in packet) {
    if (key === "type") wire.type = wireType(packet.type);
    else if (key === "nsp" || key === "data" || key === "id") wire[key] = packet[key];
  }
  return wire;
}
