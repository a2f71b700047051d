// Every rejection the codec makes, with a stable code. The public decoders do not throw: they
// return ERROR_PACKET, as engine.io-parser does; EngineParserError carries the reason internally
// (and to callers of the exported helpers that do throw, which say so).
import type { Packet } from "./types.js";

export const EngineParserErrorCode = {
  /** The packet type digit/byte is not 0..6. */
  INVALID_TYPE: "EIO_PARSER_INVALID_TYPE",
  /** An empty packet (no type at all). */
  EMPTY_PACKET: "EIO_PARSER_EMPTY_PACKET",
  /** A "b" packet whose body is not valid base64. */
  INVALID_BASE64: "EIO_PARSER_INVALID_BASE64",
  /** Data that is neither a string nor binary. */
  INVALID_DATA: "EIO_PARSER_INVALID_DATA",
  /** v3 payload: a length that is empty, not decimal digits, or has too many digits. */
  INVALID_LENGTH: "EIO_PARSER_INVALID_LENGTH",
  /** v3 payload: a length that runs past the end of the payload. */
  LENGTH_OVERRUN: "EIO_PARSER_LENGTH_OVERRUN",
  /** v3 payload: a length field that is not closed (":" in text, 0xff in binary). */
  UNTERMINATED_LENGTH: "EIO_PARSER_UNTERMINATED_LENGTH",
  /** v3 binary payload: a packet marker other than 0x00 (string) or 0x01 (binary). */
  INVALID_MARKER: "EIO_PARSER_INVALID_MARKER",
  /** v3 binary payload: a string packet whose bytes are not UTF-8. */
  INVALID_UTF8: "EIO_PARSER_INVALID_UTF8",
  /** v3 payload: a packet inside it that does not decode. */
  INVALID_PACKET: "EIO_PARSER_INVALID_PACKET",
  /** An empty payload where the protocol requires at least a length. */
  EMPTY_PAYLOAD: "EIO_PARSER_EMPTY_PAYLOAD",
} as const;

export type EngineParserErrorCode = (typeof EngineParserErrorCode)[keyof typeof EngineParserErrorCode];

const kEngineParserError = Symbol.for("socketry.engine-parser.error");

export class EngineParserError extends Error {
  readonly code: EngineParserErrorCode;

  constructor(code: EngineParserErrorCode, message: string) {
    super(message);
    this.name = "EngineParserError";
    this.code = code;
  }

  /** Works across two installed copies of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[kEngineParserError] === true;
  }
}
Object.defineProperty(EngineParserError.prototype, kEngineParserError, { value: true });

/** What every malformed input decodes to (same as engine.io-parser): { type: "error", data: "parser error" }. */
export const ERROR_PACKET: Readonly<Packet> = Object.freeze({ type: "error", data: "parser error" });
