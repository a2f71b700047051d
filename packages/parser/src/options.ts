// Decoder options: one defaults literal, validated at construction, never mutating the caller's object.
import { parserError } from "./errors.js";

export type JsonReviver = (this: unknown, key: string, value: unknown) => unknown;

export interface DecoderOptions {
  /** Passed to JSON.parse for the payload. */
  reviver?: JsonReviver;
  /** Most binary attachments one packet may announce (each is a separate Engine.IO message). */
  maxAttachments?: number;
  /** Deepest nesting the decoder walks when it must (placeholder search, msgpack type check). */
  maxDepth?: number;
}

export interface ResolvedDecoderOptions {
  readonly reviver: JsonReviver | undefined;
  readonly maxAttachments: number;
  readonly maxDepth: number;
}

export const DECODER_DEFAULTS: ResolvedDecoderOptions = Object.freeze({
  reviver: undefined,
  maxAttachments: 10,
  maxDepth: 32,
});

/** Accepts the official shapes: an options object, a reviver function, or nothing. */
export function resolveDecoderOptions(input?: DecoderOptions | JsonReviver): ResolvedDecoderOptions {
  // Every decoder built without options shares the frozen defaults (one object, not one per connection).
  if (input === undefined) return DECODER_DEFAULTS;
  const given: DecoderOptions = typeof input === "function" ? { reviver: input } : (input ?? {});
  const resolved: ResolvedDecoderOptions = {
    reviver: given.reviver ?? DECODER_DEFAULTS.reviver,
    maxAttachments: given.maxAttachments ?? DECODER_DEFAULTS.maxAttachments,
    maxDepth: given.maxDepth ?? DECODER_DEFAULTS.maxDepth,
  };
  if (resolved.reviver !== undefined && typeof resolved.reviver !== "function") {
    throw parserError("PARSER_INVALID_OPTION", "reviver must be a function");
  }
  checkCount("maxAttachments", resolved.maxAttachments, 0);
  checkCount("maxDepth", resolved.maxDepth, 1);
  return resolved;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw parserError("PARSER_INVALID_OPTION", `${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}
