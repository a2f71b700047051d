// Server options: one defaults literal, validated at construction, never mutating the caller's object.
import { Adapter } from "@socketry/adapter";
import * as defaultParser from "@socketry/parser";
import { serverError } from "./errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- parsers and adapters are user-supplied classes */

/** A Socket.IO parser: the shape of socket.io-parser (Encoder#encode, Decoder with add/destroy and "decoded"). */
export interface ParserLike {
  Encoder: new () => { encode(packet: any): unknown[] };
  Decoder: new () => DecoderLike;
}

export interface DecoderLike {
  add(chunk: any): void;
  destroy(): void;
  on(event: "decoded", listener: (packet: any) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

/** An adapter class with the socket.io-adapter constructor shape. */
export type AdapterConstructor = new (nsp: any) => any;

export interface ServerOptions {
  /** Path the engine answers on (default "/socket.io"). */
  path?: string;
  /** Whether the umbrella serves the client bundles (default true); the base server only stores it. */
  serveClient?: boolean;
  /** Adapter class, one instance per namespace (default: @socketry/adapter's in-memory Adapter). */
  adapter?: AdapterConstructor;
  /** Packet codec (default: @socketry/parser). */
  parser?: ParserLike;
  /** Milliseconds a new engine session has to join a namespace before it is closed (default 45000). */
  connectTimeout?: number;
  /**
   * socketry: default acknowledgement timeout in milliseconds for emits without timeout() (default:
   * none, like the official server). A plain callback whose answer does not come in time is
   * dropped (never called); emitWithAck rejects; a timeout() callback gets the error.
   */
  ackTimeout?: number;
  /** socketry: most acknowledgements one socket may wait for (default 10000); further emits with ack fail. */
  maxPendingAcks?: number;
  /** socketry: unknown namespaces a client may try before its connection is closed (default 10). */
  maxUnknownNamespaces?: number;
  /** Removes a dynamic child namespace once it has no socket left (default false, as officially). */
  cleanupEmptyChildNamespaces?: boolean;
  /** Other options are the engine's; the server passes them to createEngine() untouched. */
  [engineOption: string]: unknown;
}

export interface ResolvedServerOptions {
  readonly path: string;
  readonly serveClient: boolean;
  readonly adapter: AdapterConstructor;
  readonly parser: ParserLike;
  readonly connectTimeout: number;
  readonly ackTimeout: number | undefined;
  readonly maxPendingAcks: number;
  readonly maxUnknownNamespaces: number;
  readonly cleanupEmptyChildNamespaces: boolean;
}

export const SERVER_DEFAULTS: ResolvedServerOptions = Object.freeze({
  path: "/socket.io",
  serveClient: true,
  adapter: Adapter as AdapterConstructor,
  parser: defaultParser as unknown as ParserLike,
  connectTimeout: 45_000,
  ackTimeout: undefined,
  maxPendingAcks: 10_000,
  maxUnknownNamespaces: 10,
  cleanupEmptyChildNamespaces: false,
});

const OWN_KEYS = new Set(Object.keys(SERVER_DEFAULTS));

export function resolveServerOptions(given: ServerOptions = {}): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = {
    // Stored without a trailing slash, as the official io.path() setter does.
    path: typeof given.path === "string" ? given.path.replace(/\/$/, "") : (given.path ?? SERVER_DEFAULTS.path),
    serveClient: given.serveClient ?? SERVER_DEFAULTS.serveClient,
    adapter: given.adapter ?? SERVER_DEFAULTS.adapter,
    parser: given.parser ?? SERVER_DEFAULTS.parser,
    connectTimeout: given.connectTimeout ?? SERVER_DEFAULTS.connectTimeout,
    ackTimeout: given.ackTimeout ?? SERVER_DEFAULTS.ackTimeout,
    maxPendingAcks: given.maxPendingAcks ?? SERVER_DEFAULTS.maxPendingAcks,
    maxUnknownNamespaces: given.maxUnknownNamespaces ?? SERVER_DEFAULTS.maxUnknownNamespaces,
    cleanupEmptyChildNamespaces: given.cleanupEmptyChildNamespaces ?? SERVER_DEFAULTS.cleanupEmptyChildNamespaces,
  };
  if (typeof resolved.path !== "string") throw invalid("path must be a string");
  if (typeof resolved.adapter !== "function") throw invalid("adapter must be a class");
  if (typeof resolved.parser?.Encoder !== "function" || typeof resolved.parser?.Decoder !== "function") {
    throw invalid("parser must have Encoder and Decoder classes");
  }
  checkCount("connectTimeout", resolved.connectTimeout, 0);
  if (resolved.ackTimeout !== undefined) checkCount("ackTimeout", resolved.ackTimeout, 0);
  checkCount("maxPendingAcks", resolved.maxPendingAcks, 1);
  checkCount("maxUnknownNamespaces", resolved.maxUnknownNamespaces, 0);
  return resolved;
}

/**
 * The options that belong to the engine (everything the server does not own), plus `path`. The
 * umbrella reads serveClient from io.serveClient(), which works inside createEngine() too.
 */
export function engineOptions(given: ServerOptions, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!OWN_KEYS.has(key)) out[key] = given[key];
  }
  out.path = path;
  return out;
}

export function checkCount(name: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

function invalid(detail: string) {
  return serverError("SERVER_INVALID_OPTION", detail);
}
