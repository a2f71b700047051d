// @socketry/engine-parser: the Engine.IO packet and payload codec (protocol v4; v3 under `v3`).
export type { BinaryType, Packet, PacketOptions, PacketType, RawData } from "./types.js";
export { ERROR_PACKET, EngineParserError, EngineParserErrorCode } from "./errors.js";
export { encodePacket, encodePacketSync } from "./v4/encode.js";
export { decodePacket } from "./v4/decode.js";
export { decodePayload, encodePayload, encodePayloadSync } from "./v4/payload.js";
export { createPacketDecoderStream, createPacketEncoderStream } from "./webtransport/index.js";
export * as v3 from "./v3/index.js";

export const protocol = 4;
