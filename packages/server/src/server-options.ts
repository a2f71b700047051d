// biome-ignore-all lint/suspicious/noExplicitAny: parsers and adapters are user-supplied classes
// Server options: one defaults literal, validated at construction, never mutating the caller's object.
import { Adapter, SessionAwareAdapter } from "@socketry/adapter";
import * as defaultParser from "@socketry/parser";
import { invalidArgument } from "./errors.js";
import {
  resolveRecoveryOptions,
  type ConnectionStateRecoveryOptions,
  type ResolvedRecoveryOptions,
} from "./recovery.js";

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

/** The `adapter` option: a class (`new Adapter(nsp)`) or a factory (`(nsp) => adapter`), as the official types allow. */
export type AdapterOption = AdapterConstructor | ((nsp: any) => any);

export interface ServerOptions {
  /** Path the engine answers on (default "/socket.io"). */
  path?: string;
  /** Whether the umbrella serves the client bundles (default true); the base server only stores it. */
  serveClient?: boolean;
  /**
   * Adapter class or factory, one instance per namespace (default: @socketry/adapter's in-memory
   * Adapter; its SessionAwareAdapter when connectionStateRecovery is set).
   */
  adapter?: AdapterOption;
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
  /**
   * socketry: unknown namespaces a client may try before its connection is closed (default: no
   * limit, as officially: each gets its CONNECT_ERROR and nothing is allocated for it).
   */
  maxUnknownNamespaces?: number;
  /**
   * socketry: child namespaces one dynamic parent (io.of(regex or function)) may create (default
   * 10000). A CONNECT to a further matching name is refused with "Invalid namespace" and
   * `data.code` "ERR_SERVER_TOO_MANY_CHILD_NAMESPACES".
   */
  maxChildNamespaces?: number;
  /** Connection state recovery (off by default): `{ maxDisconnectionDuration = 120000, skipMiddlewares = true }`. */
  connectionStateRecovery?: ConnectionStateRecoveryOptions;
  /** Removes a dynamic child namespace once it has no socket left (default false, as officially). */
  cleanupEmptyChildNamespaces?: boolean;
  /** Other options are the engine's; the server passes them to createEngine() untouched. */
  [engineOption: string]: unknown;
}

export interface ResolvedServerOptions {
  readonly path: string;
  readonly serveClient: boolean;
  readonly adapter: AdapterOption;
  readonly parser: ParserLike;
  readonly connectTimeout: number;
  readonly ackTimeout: number | undefined;
  readonly maxPendingAcks: number;
  readonly maxUnknownNamespaces: number;
  readonly maxChildNamespaces: number;
  readonly cleanupEmptyChildNamespaces: boolean;
  readonly connectionStateRecovery: ResolvedRecoveryOptions | undefined;
}

export const SERVER_DEFAULTS: ResolvedServerOptions = Object.freeze({
  path: "/socket.io",
  serveClient: true,
  adapter: Adapter as AdapterConstructor,
  parser: defaultParser as unknown as ParserLike,
  connectTimeout: 45_000,
  ackTimeout: undefined,
  maxPendingAcks: 10_000,
  maxUnknownNamespaces: Number.POSITIVE_INFINITY,
  maxChildNamespaces: 10_000,
  cleanupEmptyChildNamespaces: false,
  connectionStateRecovery: undefined,
});

const OWN_KEYS = new Set(Object.keys(SERVER_DEFAULTS));

export function resolveServerOptions(given: ServerOptions = {}): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = {
    // Stored without a trailing slash, as the official io.path() setter does.
    path: typeof given.path === "string" ? given.path.replace(/\/$/, "") : (given.path ?? SERVER_DEFAULTS.path),
    serveClient: given.serveClient ?? SERVER_DEFAULTS.serveClient,
    adapter: given.adapter ?? defaultAdapter(given.connectionStateRecovery !== undefined),
    parser: given.parser ?? SERVER_DEFAULTS.parser,
    connectTimeout: given.connectTimeout ?? SERVER_DEFAULTS.connectTimeout,
    ackTimeout: given.ackTimeout ?? SERVER_DEFAULTS.ackTimeout,
    maxPendingAcks: given.maxPendingAcks ?? SERVER_DEFAULTS.maxPendingAcks,
    maxUnknownNamespaces: given.maxUnknownNamespaces ?? SERVER_DEFAULTS.maxUnknownNamespaces,
    maxChildNamespaces: given.maxChildNamespaces ?? SERVER_DEFAULTS.maxChildNamespaces,
    cleanupEmptyChildNamespaces: given.cleanupEmptyChildNamespaces ?? SERVER_DEFAULTS.cleanupEmptyChildNamespaces,
    connectionStateRecovery: resolveRecoveryOptions(given.connectionStateRecovery),
  };
  if (typeof resolved.path !== "string") throw invalid("path must be a string");
  if (typeof resolved.adapter !== "function") throw invalid("adapter must be a class or a factory function");
  if (typeof resolved.parser?.Encoder !== "function" || typeof resolved.parser?.Decoder !== "function") {
    throw invalid("parser must have Encoder and Decoder classes");
  }
  checkCount("connectTimeout", resolved.connectTimeout, 0);
  if (resolved.ackTimeout !== undefined) checkCount("ackTimeout", resolved.ackTimeout, 0);
  checkCount("maxPendingAcks", resolved.maxPendingAcks, 1);
  if (resolved.maxUnknownNamespaces !== Number.POSITIVE_INFINITY)
    checkCount("maxUnknownNamespaces", resolved.maxUnknownNamespaces, 0);
  checkCount("maxChildNamespaces", resolved.maxChildNamespaces, 1);
  const recovery = resolved.connectionStateRecovery;
  if (recovery !== undefined)
    checkCount("connectionStateRecovery.maxDisconnectionDuration", recovery.maxDisconnectionDuration, 0);
  return resolved;
}

/** The in-memory adapter, or its session-aware form when connection state recovery is on (as officially). */
function defaultAdapter(recovery: boolean): AdapterOption {
  return recovery ? (SessionAwareAdapter as AdapterConstructor) : SERVER_DEFAULTS.adapter;
}

/**
 * Creates a namespace's adapter from a class or a factory. Like the official server it uses `new`,
 * which also works for a plain `function (nsp) { return adapter }` factory; an arrow function
 * (no prototype) cannot be constructed and is called.
 */
export function createAdapter(option: AdapterOption, nsp: unknown): any {
  if (typeof option.prototype === "object" && option.prototype !== null) return new (option as AdapterConstructor)(nsp);
  return (option as (nsp: unknown) => unknown)(nsp);
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
  return invalidArgument("ERR_SERVER_INVALID_OPTION", detail);
}
