// The structural shape of an Engine.IO v6 server and socket as @socketry/server uses them. The
// server never imports an engine: any object with this shape (engine.io 6, @socketry/engine)
// can be bound with io.bind(engine).
import type { IncomingMessage } from "node:http";

// biome-ignore lint/suspicious/noExplicitAny: the official type is any-based
type Listener = (...args: any[]) => void;
/**
 * A socketry engine session has a field under this registered key: the Socket.IO client puts
 * itself there and is called directly (`onSessionData`, `onSessionClose`) instead of listening.
 */
export const SESSION_OBSERVER: unique symbol = Symbol.for("socketry.engine.sessionObserver") as never;

/** Options of one engine write; `preEncoded` marks data already encoded by the Socket.IO parser. */
export interface EngineWriteOptions {
  compress?: boolean;
  volatile?: boolean;
  preEncoded?: boolean;
}

/** One Engine.IO session ("conn" in the Socket.IO API). */
export interface EngineSocketLike {
  readonly id: string;
  /** The request that opened the session; absent for a session without one (WebTransport). */
  readonly request: IncomingMessage;
  /** Engine.IO protocol revision: 4, or 3 for Socket.IO v2 clients (allowEIO3). */
  readonly protocol: number;
  readonly readyState: string;
  readonly transport: { readonly name: string; readonly writable?: boolean };
  readonly remoteAddress?: string;
  /** Packets waiting for the transport's next write (engine.io and socketry both have it). */
  readonly writeBuffer?: readonly unknown[];
  write(data: string | Buffer, options?: EngineWriteOptions, callback?: () => void): unknown;
  close(discard?: boolean): unknown;
  /** Events used: "data", "error", "close" (reason, description); "packetCreate", "drain", "upgrade" are the user's. */
  on(event: string, listener: Listener): unknown;
  removeListener(event: string, listener: Listener): unknown;
  once(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/** An Engine.IO server: it emits "connection" with each new session and closes them all on close(). */
export interface EngineLike {
  on(event: string, listener: Listener): unknown;
  removeListener?(event: string, listener: Listener): unknown;
  close(): unknown;
}
