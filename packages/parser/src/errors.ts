// Every error the Socket.IO codecs raise: one class, stable codes, one builder.

export type ParserErrorCode =
  /** add() got something that is neither a string nor binary data. */
  | "PARSER_INVALID_INPUT"
  /** Unknown packet type (first character, or the msgpack `type` field). */
  | "PARSER_INVALID_TYPE"
  /** The attachment count of a binary packet is missing, not decimal, zero, or not followed by "-". */
  | "PARSER_INVALID_ATTACHMENTS"
  /** More attachments announced than `maxAttachments`. */
  | "PARSER_TOO_MANY_ATTACHMENTS"
  /** Namespace missing, not a string, or not starting with "/". */
  | "PARSER_INVALID_NAMESPACE"
  /** Ack id not a safe non-negative integer, missing on an ACK, or present where none is allowed. */
  | "PARSER_INVALID_ID"
  /** Payload is not valid JSON, or has the wrong shape for the packet type. */
  | "PARSER_INVALID_PAYLOAD"
  /** An EVENT whose name is reserved by the server ("connect", "disconnect", ...): "invalid payload", as officially. */
  | "PARSER_RESERVED_EVENT"
  /** A placeholder with a bad `num` or a duplicate (or, with `rejectUnusedAttachments`, an attachment no placeholder uses). */
  | "PARSER_INVALID_PLACEHOLDER"
  /** A binary chunk arrived while no binary packet was waiting for attachments. */
  | "PARSER_UNEXPECTED_ATTACHMENT"
  /** A text packet arrived while a binary packet still waits for attachments. */
  | "PARSER_UNEXPECTED_TEXT"
  /** Data nested deeper than `maxDepth` (decoding) or than the encoder walks (encoding). */
  | "PARSER_MAX_DEPTH"
  /** Bytes that are not an encoded packet at all (msgpack: not a map, malformed, trailing bytes, extra fields). */
  | "PARSER_INVALID_ENCODING"
  /** A decoder option out of range. */
  | "PARSER_INVALID_OPTION";

const BRAND = Symbol.for("socketry.ParserError");

export class ParserError extends Error {
  override readonly name = "ParserError";
  readonly code: ParserErrorCode;

  constructor(code: ParserErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  // instanceof works across two installed copies of this package (e.g. parser + msgpack-parser
  // resolving different versions): the brand is a registered symbol, not a class identity.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

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
