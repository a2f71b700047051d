// The codec's hardened msgpackr pair, for other socketry packages that speak MessagePack (the
// Redis adapter's inter-node messages): notepack-compatible bytes, decoding with msgpackr's no-eval
// build and without structured clone, bounded nesting, and one error type. One configuration in
// the monorepo instead of a copy that drifts.
import { ERROR_MESSAGES, parserError } from "./errors.js";
import { packShared, unpackr } from "./codec.js";
import { nestsDeeperThan } from "./nesting.js";

/** Nesting a decoded value may have; deeper input is refused before msgpackr reads it. */
const MAX_NESTING = 100;

export const msgpack = Object.freeze({
  /** Encodes a value as notepack.io would. */
  encode(value: unknown): Buffer {
    return packShared(value);
  },
  /** Decodes one MessagePack value; throws a ParserError (ERR_PARSER_INVALID_ENCODING or ERR_PARSER_MAX_DEPTH). */
  decode(bytes: Uint8Array): unknown {
    if (nestsDeeperThan(bytes, MAX_NESTING)) throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
    try {
      return unpackr.unpack(bytes);
    } catch (error) {
      throw parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.couldNotParse, error);
    }
  },
});
