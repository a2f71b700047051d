// Decoder options: one defaults literal, validated at construction, never mutating the caller's object.
import { parserError } from "./errors.js";

export type JsonReviver = (this: unknown, key: string, value: unknown) => unknown;

export interface DecoderOptions {
  /** Passed to JSON.parse for the payload. */
  reviver?: JsonReviver;
  /** Most binary attachments one packet may announce (each is a separate Engine.IO message). */
  maxAttachments?: number;
  /**
   * Deepest nesting of arrays and objects accepted in a payload (its root is depth 1). Deeper
   * data is a ERR_PARSER_MAX_DEPTH decode error, so no later walk over it (the application's, the
   * encoder's when it is echoed) can overflow the stack.
   */
  maxDepth?: number;
  /**
   * Refuse a binary packet with an attachment no placeholder refers to. Off by default, as in
   * socket.io-parser (the extra attachment is read and dropped).
   */
  rejectUnusedAttachments?: boolean;
}

export interface ResolvedDecoderOptions {
  readonly reviver: JsonReviver | undefined;
  readonly maxAttachments: number;
  readonly maxDepth: number;
  readonly rejectUnusedAttachments: boolean;
}

export const DECODER_DEFAULTS: ResolvedDecoderOptions = Object.freeze({
  reviver: undefined,
  maxAttachments: 10,
  maxDepth: 32,
  rejectUnusedAttachments: false,
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
    rejectUnusedAttachments: given.rejectUnusedAttachments ?? DECODER_DEFAULTS.rejectUnusedAttachments,
  };
  if (resolved.reviver !== undefined && typeof resolved.reviver !== "function") {
    throw parserError("ERR_PARSER_INVALID_OPTION", "reviver must be a function");
  }
  if (typeof resolved.rejectUnusedAttachments !== "boolean") {
    throw parserError("ERR_PARSER_INVALID_OPTION", "rejectUnusedAttachments must be a boolean");
  }
  checkCount("maxAttachments", resolved.maxAttachments, 0);
  checkCount("maxDepth", resolved.maxDepth, 1);
  return resolved;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw parserError("ERR_PARSER_INVALID_OPTION", `${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}
