// @socketry/msgpack-parser: Socket.IO packets as MessagePack, wire-compatible with socket.io-msgpack-parser 3.
export { protocol, PacketType, type Packet } from "@socketry/parser";
export { Encoder } from "./encoder.js";
export { Decoder, type DecoderEvents } from "./decoder.js";
export { MSGPACK_DECODER_DEFAULTS, type MsgpackDecoderOptions, type ResolvedMsgpackDecoderOptions } from "./options.js";
export { ParserError, type ParserErrorCode } from "./errors.js";
export { msgpack } from "./msgpack.js";
