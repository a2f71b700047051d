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
  /** An EVENT whose name is reserved by the server ("connect", "disconnect", ...). */
  | "PARSER_RESERVED_EVENT"
  /** A placeholder with a bad `num`, a duplicate, or a count different from the attachments. */
  | "PARSER_INVALID_PLACEHOLDER"
  /** A binary chunk arrived while no binary packet was waiting for attachments. */
  | "PARSER_UNEXPECTED_ATTACHMENT"
  /** A text packet arrived while a binary packet still waits for attachments. */
  | "PARSER_UNEXPECTED_TEXT"
  /** Data nested deeper than `maxDepth` where the decoder has to walk it. */
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

/** The one place that builds codec errors, so every rejection looks the same. */
export function parserError(code: ParserErrorCode, detail: string, cause?: unknown): ParserError {
  return new ParserError(code, `${code}: ${detail}`, cause === undefined ? undefined : { cause });
}
