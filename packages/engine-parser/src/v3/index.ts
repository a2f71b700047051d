// Engine.IO protocol v3 (allowEIO3 only), also published as "@socketry/engine-parser/v3", with the
// callback forms of engine.io-parser 2.x beside the synchronous ones.
export const protocol = 3;
export { encodePacketSync, decodePacket } from "./packet.js";
export { encodePayloadSync, decodePayload, type PayloadPacketCallback } from "./payload.js";
export { encodePacket, encodePayload } from "./callbacks.js";
