// Engine.IO v4 payloads (HTTP long-polling): packets joined by the record separator 0x1e, binary
// always as "b<base64>".
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { decodeTextRange } from "./decode.js";
import { encodePacketSync } from "./encode.js";

export const SEPARATOR = "\x1e";

export function encodePayloadSync(packets: Packet[]): string {
  let payload = "";
  for (let i = 0; i < packets.length; i++) {
    // supportsBinary=false always yields a string.
    const encoded = encodePacketSync(packets[i]!, false) as string;
    payload = i === 0 ? encoded : payload + SEPARATOR + encoded;
  }
  return payload;
}

/** engine.io-parser-compatible callback form; calls back synchronously. */
export function encodePayload(packets: Packet[], callback: (encoded: string) => void): void {
  callback(encodePayloadSync(packets));
}

/**
 * Splits on the separator as it goes (no intermediate array), so a hostile payload costs one
 * pass and decoding stops at the first malformed packet, which is returned as ERROR_PACKET.
 */
export function decodePayload(encoded: string, binaryType?: BinaryType): Packet[] {
  if (typeof encoded !== "string") return [ERROR_PACKET];
  const packets: Packet[] = [];
  let start = 0;
  for (;;) {
    const separator = encoded.indexOf(SEPARATOR, start);
    const end = separator === -1 ? encoded.length : separator;
    const packet = decodeTextRange(encoded, start, end, binaryType);
    packets.push(packet);
    if (packet === ERROR_PACKET || separator === -1) return packets;
    start = end + 1;
  }
}
