// Every rejection the codec makes, with a stable code. The public decoders do not throw: they
// return ERROR_PACKET, as engine.io-parser does; EngineParserError carries the reason internally
// (and to callers of the exported helpers that do throw, which say so). Every code is listed in
// docs/errors.md.
import { codedErrorClass } from "@socketry/shared";
import type { Packet } from "./types.js";

export const EngineParserErrorCode = {
  /** v3 payload: a length that is empty, not decimal digits, or has too many digits. */
  INVALID_LENGTH: "ERR_ENGINE_PARSER_INVALID_LENGTH",
  /** v3 payload: a length that runs past the end of the payload. */
  LENGTH_OVERRUN: "ERR_ENGINE_PARSER_LENGTH_OVERRUN",
  /** v3 payload: a length field that is not closed (":" in text, 0xff in binary). */
  UNTERMINATED_LENGTH: "ERR_ENGINE_PARSER_UNTERMINATED_LENGTH",
  /** v3 binary payload: a packet marker other than 0x00 (string) or 0x01 (binary). */
  INVALID_MARKER: "ERR_ENGINE_PARSER_INVALID_MARKER",
  /** v3 binary payload: a string packet whose bytes are not UTF-8. */
  INVALID_UTF8: "ERR_ENGINE_PARSER_INVALID_UTF8",
  /** v3 payload: a packet inside it that does not decode. */
  INVALID_PACKET: "ERR_ENGINE_PARSER_INVALID_PACKET",
  /** An empty payload where the protocol requires at least a length. */
  EMPTY_PAYLOAD: "ERR_ENGINE_PARSER_EMPTY_PAYLOAD",
} as const;

export type EngineParserErrorCode = (typeof EngineParserErrorCode)[keyof typeof EngineParserErrorCode];

/** A codec rejection with a stable `code`; `instanceof` works across two installed copies. */
export const EngineParserError = codedErrorClass<EngineParserErrorCode>("EngineParserError", "socketry.engine-parser");
export type EngineParserError = InstanceType<typeof EngineParserError>;

/** What every malformed input decodes to (same as engine.io-parser): { type: "error", data: "parser error" }. */
export const ERROR_PACKET: Readonly<Packet> = Object.freeze({ type: "error", data: "parser error" });
