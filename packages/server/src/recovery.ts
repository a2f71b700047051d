// Connection state recovery (socket.io 4.6+): a client that lost its connection for a moment gets
// back its id, rooms, data and the packets it missed. The server keeps a private session id (pid)
// per socket and hands a disconnected socket's state to the adapter (`persistSession`); a CONNECT
// with `auth.pid` and `auth.offset` asks the adapter for it back (`restoreSession`).
import { randomBytes } from "node:crypto";
import type { DisconnectReason } from "./disconnect-reasons.js";

export interface ConnectionStateRecoveryOptions {
  /** Other keys go to the adapter (SessionAwareAdapter reads maxPackets, maxBytes, maxSessions). */
  [adapterOption: string]: unknown;
  /** How long a disconnected session can be restored, in milliseconds (default 2 minutes). */
  maxDisconnectionDuration?: number;
  /** Whether a recovered socket skips the connection middlewares (default true). */
  skipMiddlewares?: boolean;
}

export interface ResolvedRecoveryOptions {
  readonly [adapterOption: string]: unknown;
  readonly maxDisconnectionDuration: number;
  readonly skipMiddlewares: boolean;
}

export const RECOVERY_DEFAULTS: ResolvedRecoveryOptions = Object.freeze({
  maxDisconnectionDuration: 2 * 60 * 1000,
  skipMiddlewares: true,
});

/** What the adapter stores for a disconnected socket. */
export interface PersistedSession {
  sid: string;
  pid: string;
  rooms: string[];
  data: unknown;
}

/** What the adapter gives back: the session and the data arrays of the packets it missed. */
export interface RecoveredSession extends PersistedSession {
  missedPackets: unknown[][];
}

// A socket that left on purpose (its own DISCONNECT, socket.disconnect()) has nothing to resume.
const RECOVERABLE: ReadonlySet<string> = new Set<DisconnectReason>([
  "transport error",
  "transport close",
  "forced close",
  "ping timeout",
  "server shutting down",
  "forced server close",
]);

export function isRecoverable(reason: DisconnectReason): boolean {
  return RECOVERABLE.has(reason);
}

export function newPrivateSessionId(): string {
  return randomBytes(15).toString("base64url");
}

/** The pid and offset of a CONNECT's auth payload, when both are strings. */
export function recoveryRequest(auth: Record<string, unknown>): { pid: string; offset: string } | undefined {
  const pid = auth.pid;
  const offset = auth.offset;
  return typeof pid === "string" && typeof offset === "string" ? { pid, offset } : undefined;
}

/** The option with its defaults; other keys (an adapter's own bounds, say) are kept for the adapter. */
export function resolveRecoveryOptions(
  given: ConnectionStateRecoveryOptions | undefined,
): ResolvedRecoveryOptions | undefined {
  if (given === undefined || given === null) return undefined;
  return Object.freeze({
    ...given,
    maxDisconnectionDuration: given.maxDisconnectionDuration ?? RECOVERY_DEFAULTS.maxDisconnectionDuration,
    skipMiddlewares: given.skipMiddlewares ?? RECOVERY_DEFAULTS.skipMiddlewares,
  });
}
