// The bounds of a session-aware adapter's store. Every bound is explicit: the packets of the last
// `maxDisconnectionDuration` would otherwise grow with the traffic, without limit.
import { invalidAdapterOption } from "./errors.js";
import type { AdapterNamespace } from "./types.js";

export interface SessionAwareAdapterOptions {
  /** Most broadcast packets kept for replay; the oldest go first. */
  maxPackets?: number;
  /** Most bytes (encoded size) of the kept packets; the oldest go first. */
  maxBytes?: number;
  /** Most disconnected sessions kept; the longest disconnected go first. */
  maxSessions?: number;
}

export interface SessionStoreLimits {
  readonly maxDisconnectionDuration: number;
  readonly maxPackets: number;
  readonly maxBytes: number;
  readonly maxSessions: number;
}

/**
 * Default bounds: 2 minutes (the server's own default), 10,000 packets, 16 MiB, 100,000 sessions.
 * A restore whose missed packets were dropped by a bound fails, and the client gets a new session,
 * as it would after a longer disconnection.
 */
export const SESSION_STORE_DEFAULTS: Readonly<SessionStoreLimits> = Object.freeze({
  maxDisconnectionDuration: 2 * 60 * 1000,
  maxPackets: 10_000,
  maxBytes: 16 * 1024 * 1024,
  maxSessions: 100_000,
});

/**
 * The bounds for `nsp`: explicit options first, then the keys of the same names in the server's
 * `connectionStateRecovery` option, then the defaults. Throws an AdapterOptionError (a TypeError) for a bound that is not
 * a positive number (maxDisconnectionDuration may be 0).
 */
export function resolveSessionStoreLimits(
  nsp: AdapterNamespace,
  options: SessionAwareAdapterOptions = {},
): SessionStoreLimits {
  const recovery = nsp.server.opts?.connectionStateRecovery ?? {};
  const pick = (name: keyof SessionStoreLimits): number => {
    const value = (options as Record<string, unknown>)[name] ?? recovery[name] ?? SESSION_STORE_DEFAULTS[name];
    // A duration of 0 is allowed (nothing is kept); a bound of 0 would make the store useless.
    const valid = typeof value === "number" && (name === "maxDisconnectionDuration" ? value >= 0 : value > 0);
    if (!valid) throw invalidAdapterOption("SessionAwareAdapter", name, value);
    return value;
  };
  return {
    maxDisconnectionDuration: pick("maxDisconnectionDuration"),
    maxPackets: pick("maxPackets"),
    maxBytes: pick("maxBytes"),
    maxSessions: pick("maxSessions"),
  };
}
