// Engine.IO protocol v3 (allowEIO3 only), also published as "@socketry/engine-parser/v3".
export const protocol = 3;
export { encodePacketSync, decodePacket } from "./packet.js";
export { encodePayloadSync, decodePayload } from "./payload.js";
