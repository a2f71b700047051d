// Packet type <-> wire digit tables, shared by both protocol versions (the digits did not change).
import type { PacketType } from "./types.js";

/** Wire packet types in digit order: index = digit. "error" is local only and has no digit. */
export const TYPE_BY_DIGIT: readonly PacketType[] = ["open", "close", "ping", "pong", "message", "upgrade", "noop"];

/** Highest valid digit (noop). */
export const MAX_TYPE_DIGIT = 6;

const CHAR_ZERO = 48;

/**
 * The wire digit of a packet type (0..6), or -1 for "error" and anything else. A switch on
 * internalized strings compiles to pointer compares: cheaper than a keyed lookup on the hot path.
 */
export function digitOfType(type: unknown): number {
  switch (type) {
    case "message":
      return 4;
    case "ping":
      return 2;
    case "pong":
      return 3;
    case "open":
      return 0;
    case "close":
      return 1;
    case "upgrade":
      return 5;
    case "noop":
      return 6;
    default:
      return -1;
  }
}

/** Text digits by value, so encoding a type costs no number-to-string conversion. */
export const DIGIT_CHARS: readonly string[] = ["0", "1", "2", "3", "4", "5", "6"];

/**
 * Packet type for the character code of a text digit ("0".."6"), or undefined. NaN (the code
 * of an empty string) fails both compares.
 */
export function typeFromCharCode(code: number): PacketType | undefined {
  const digit = code - CHAR_ZERO;
  return digit >= 0 && digit <= MAX_TYPE_DIGIT ? TYPE_BY_DIGIT[digit] : undefined;
}

/** Packet type for a v3 binary type byte (0..6), or undefined. */
export function typeFromByte(byte: number | undefined): PacketType | undefined {
  return byte !== undefined && byte <= MAX_TYPE_DIGIT ? TYPE_BY_DIGIT[byte] : undefined;
}

/**
 * What an unknown packet type encodes as. Encoders never throw, and a noop is the one packet a peer
 * ignores without side effects (the official parser would emit the digit "undefined", which the
 * peer then rejects as a parser error).
 */
export const FALLBACK_TYPE_DIGIT = 6;
