// Every error the Socket.IO codecs raise: one class, stable codes, one builder. Every code is
// listed in docs/errors.md.
import { codedErrorClass } from "@socketry/shared";

export type ParserErrorCode =
  /** add() got something that is neither a string nor binary data. */
  | "ERR_PARSER_INVALID_INPUT"
  /** Unknown packet type (first character, or the msgpack `type` field). */
  | "ERR_PARSER_INVALID_TYPE"
  /** The attachment count of a binary packet is missing, not decimal, zero, or not followed by "-". */
  | "ERR_PARSER_INVALID_ATTACHMENTS"
  /** More attachments announced than `maxAttachments`. */
  | "ERR_PARSER_TOO_MANY_ATTACHMENTS"
  /** Namespace missing, not a string, or not starting with "/". */
  | "ERR_PARSER_INVALID_NAMESPACE"
  /** Ack id not a safe non-negative integer, missing on an ACK, or present where none is allowed. */
  | "ERR_PARSER_INVALID_ID"
  /** Payload is not valid JSON, or has the wrong shape for the packet type. */
  | "ERR_PARSER_INVALID_PAYLOAD"
  /** An EVENT whose name is reserved by the server ("connect", "disconnect", ...): "invalid payload", as officially. */
  | "ERR_PARSER_RESERVED_EVENT"
  /** A placeholder with a bad `num` or a duplicate (or, with `rejectUnusedAttachments`, an attachment no placeholder uses). */
  | "ERR_PARSER_INVALID_PLACEHOLDER"
  /** A binary chunk arrived while no binary packet was waiting for attachments. */
  | "ERR_PARSER_UNEXPECTED_ATTACHMENT"
  /** A text packet arrived while a binary packet still waits for attachments. */
  | "ERR_PARSER_UNEXPECTED_TEXT"
  /** Data nested deeper than `maxDepth` (decoding) or than the encoder walks (encoding). */
  | "ERR_PARSER_MAX_DEPTH"
  /** Bytes that are not an encoded packet at all (msgpack: not a map, malformed, trailing bytes, extra fields). */
  | "ERR_PARSER_INVALID_ENCODING"
  /** A decoder option out of range. */
  | "ERR_PARSER_INVALID_OPTION";

/**
 * A codec rejection with a stable `code` and the official message; `instanceof` works across two
 * installed copies of this package (e.g. parser + msgpack-parser resolving different versions).
 */
export const ParserError = codedErrorClass<ParserErrorCode>("ParserError", "socketry.parser");
export type ParserError = InstanceType<typeof ParserError>;

/**
 * The messages of the official codecs (socket.io-parser 4.2, socket.io-msgpack-parser 3), which
 * applications already match on; the precise reason is the error's `code`. Checks the official
 * codecs do not make have their own short message.
 */
export const ERROR_MESSAGES = {
  invalidPayload: "invalid payload",
  /** Attachment count of a binary packet's header. */
  illegalAttachmentCount: "Illegal attachments",
  /** Placeholders that do not match the attachments. */
  illegalAttachments: "illegal attachments",
  tooManyAttachments: "too many attachments",
  unexpectedBinary: "got binary data when not reconstructing a packet",
  unexpectedText: "got plaintext data when reconstructing a packet",
  invalidType: "invalid packet type",
  invalidNamespace: "invalid namespace",
  invalidId: "invalid packet id",
  /** msgpack: bytes that are not MessagePack (notepack.io's message). */
  couldNotParse: "Could not parse",
  tooDeep: "data nested too deep",
} as const;

/** The one place that builds codec errors, so every rejection looks the same: a code and a message. */
export function parserError(code: ParserErrorCode, message: string, cause?: unknown): ParserError {
  return new ParserError(code, message, cause === undefined ? undefined : { cause });
}
