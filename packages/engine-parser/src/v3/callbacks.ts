// The encoding callback forms of engine.io-parser 2.x, the protocol 3 codec that engine.io keeps
// for its v3 clients, so code written against that API (engine.io's own tests among it) runs on
// ours. They wrap the synchronous functions: the callback runs before the call returns, as in 2.x.
import type { Packet } from "../types.js";
import { encodePacketSync } from "./packet.js";
import { encodePayloadSync } from "./payload.js";

type EncodedCallback = (encoded: string | Buffer) => void;

/** `encodePacket(packet, supportsBinary, [utf8encode], callback)` */
export function encodePacket(
  packet: Packet,
  supportsBinary: boolean,
  utf8encodeOrCallback: boolean | EncodedCallback,
  callback?: EncodedCallback,
): void {
  const done = typeof utf8encodeOrCallback === "function" ? utf8encodeOrCallback : callback;
  done?.(encodePacketSync(packet, supportsBinary));
}

/** `encodePayload(packets, supportsBinary, callback)` */
export function encodePayload(packets: Packet[], supportsBinary: boolean, callback: EncodedCallback): void {
  callback(encodePayloadSync(packets, supportsBinary));
}
