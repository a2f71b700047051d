// Decoder options of the msgpack codec: one defaults literal, validated, caller's object untouched.
import { parserError } from "./errors.js";

export interface MsgpackDecoderOptions {
  /** Deepest nesting of arrays/maps accepted in `data` (the data array itself is depth 1). */
  maxDepth?: number;
}

export interface ResolvedMsgpackDecoderOptions {
  readonly maxDepth: number;
}

export const MSGPACK_DECODER_DEFAULTS: ResolvedMsgpackDecoderOptions = Object.freeze({ maxDepth: 32 });

export function resolveMsgpackDecoderOptions(input?: MsgpackDecoderOptions): ResolvedMsgpackDecoderOptions {
  // Decoders built without options share the frozen defaults (one object, not one per connection).
  if (input === undefined) return MSGPACK_DECODER_DEFAULTS;
  const maxDepth = input?.maxDepth ?? MSGPACK_DECODER_DEFAULTS.maxDepth;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) {
    throw parserError("ERR_PARSER_INVALID_OPTION", `maxDepth must be an integer >= 1, got ${String(maxDepth)}`);
  }
  return { maxDepth };
}
