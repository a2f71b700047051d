// @socketry/parser: the default Socket.IO packet codec (protocol v5), API-compatible with socket.io-parser 4.
export { protocol, PacketType, RESERVED_EVENTS, type Packet } from "./packet.js";
export { Encoder, type JsonReplacer } from "./encoder.js";
export { Decoder } from "./decoder.js";
export { DecoderBase, DECODED_OBSERVER, type DecodedObserver, type DecoderEvents } from "./decoder-base.js";
export {
  DECODER_DEFAULTS,
  resolveDecoderOptions,
  type DecoderOptions,
  type JsonReviver,
  type ResolvedDecoderOptions,
} from "./options.js";
export { ParserError, parserError, ERROR_MESSAGES, type ParserErrorCode } from "./errors.js";
export { validatePacket, isPacketValid, isPlainObject } from "./validate.js";
export { isForbiddenKey } from "./inspect.js";
export { isBinary, toBuffer, MAX_ENCODE_DEPTH, type BinaryData } from "./binary.js";
