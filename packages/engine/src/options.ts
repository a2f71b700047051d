// The engine's options: one defaults literal, validation at construction, a frozen resolved copy
// (the caller's object is never mutated). Transport options (httpCompression, perMessageDeflate,
// wsEngine…) pass through untouched: each transport class declares their defaults (its static
// `defaults`, merged here under the caller's values) and validates them in `setup()`.
import type { IncomingMessage } from "node:http";
import type { CorsOptions, CorsOptionsDelegate } from "cors";
import { stringifySetCookie, type SerializeOptions } from "cookie";
import { invalidOption } from "./errors.js";
import type { TransportClass } from "./transport.js";

export type AllowRequest = (
  request: IncomingMessage,
  callback: (error: string | null | undefined, success: boolean) => void,
) => void;

export interface CookieOptions extends SerializeOptions {
  /** Cookie name (default "io"). */
  name?: string;
}

export interface ServerOptions {
  /** ms the server waits for a pong (v4) or for any packet after pingInterval (v3). Default 5000. */
  pingTimeout?: number;
  /** ms between two heartbeats. Default 25000. */
  pingInterval?: number;
  /** ms an upgrade may take before the probe transport is closed. Default 10000. */
  upgradeTimeout?: number;
  /** Largest message (WebSocket) or payload (polling) a client may send, in bytes. Default 1e6. */
  maxHttpBufferSize?: number;
  /**
   * Transports accepted, by name (looked up in the registry the Server was given) or as classes.
   * Default ["polling", "websocket"].
   */
  transports?: ReadonlyArray<string | TransportClass>;
  /** Whether sessions may upgrade (polling -> websocket). Default true. */
  allowUpgrades?: boolean;
  /** Accept Engine.IO v3 clients (socket.io v2). Default false. */
  allowEIO3?: boolean;
  /** Send the session id in a cookie on the handshake. Default false (no cookie). */
  cookie?: boolean | CookieOptions;
  /**
   * `cors` package options, applied to every engine request and upgrade (preflight included), as
   * the first middleware; `true` reflects the request's origin. Default: none.
   */
  cors?: boolean | CorsOptions | CorsOptionsDelegate;
  /** Decides whether a handshake or upgrade is accepted. Default: accept all. */
  allowRequest?: AllowRequest;
  /** A message packet sent right after the open packet. Default: none. */
  initialPacket?: unknown;
  /**
   * socketry: cap on the bytes waiting in a session's write buffer (the peer stopped reading).
   * Over it the session closes with reason "write buffer full". Default 16 MiB.
   */
  maxWriteBufferSize?: number;
  /** Transport options (httpCompression, perMessageDeflate, wsEngine, …) are passed to transports as is. */
  [transportOption: string]: unknown;
}

export interface ResolvedOptions {
  readonly pingTimeout: number;
  readonly pingInterval: number;
  readonly upgradeTimeout: number;
  readonly maxHttpBufferSize: number;
  readonly transports: readonly string[];
  readonly allowUpgrades: boolean;
  readonly allowEIO3: boolean;
  readonly cookie: Readonly<CookieOptions & { name: string }> | false;
  readonly cors: boolean | CorsOptions | CorsOptionsDelegate | undefined;
  readonly allowRequest: AllowRequest | undefined;
  readonly initialPacket: unknown;
  readonly maxWriteBufferSize: number;
  readonly [transportOption: string]: unknown;
}

export const DEFAULTS = Object.freeze({
  pingTimeout: 5000,
  pingInterval: 25000,
  upgradeTimeout: 10000,
  maxHttpBufferSize: 1e6,
  transports: Object.freeze(["polling", "websocket"]) as readonly string[],
  allowUpgrades: true,
  allowEIO3: false,
  cookie: false as const,
  cors: undefined,
  allowRequest: undefined,
  initialPacket: undefined,
  maxWriteBufferSize: 16 * 1024 * 1024,
});

const COOKIE_DEFAULTS = { name: "io", path: "/", sameSite: "lax" as const };

/**
 * Validates the caller's options and returns the resolved, frozen copy, plus the transport classes
 * by name (the registry's entries for names, and classes given directly).
 */
export function resolveOptions(
  options: ServerOptions,
  registry: Readonly<Record<string, TransportClass>>,
): { options: ResolvedOptions; transports: Map<string, TransportClass> } {
  if (typeof options !== "object" || options === null) throw invalidOption("options", "an object", options);
  const merged: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;

  for (const name of ["pingTimeout", "pingInterval", "upgradeTimeout", "maxWriteBufferSize"] as const) {
    const value = merged[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw invalidOption(name, "a positive number", value);
  }
  // setTimeout clamps anything over 2^31-1 ms to 1 ms: refuse rather than ping every millisecond.
  for (const name of ["pingTimeout", "pingInterval", "upgradeTimeout"] as const) {
    if ((merged[name] as number) > 2 ** 31 - 1) throw invalidOption(name, "at most 2147483647 ms", merged[name]);
  }
  const max = merged.maxHttpBufferSize;
  if (typeof max !== "number" || !Number.isInteger(max) || max <= 0)
    throw invalidOption("maxHttpBufferSize", "a positive integer", max);
  for (const name of ["allowUpgrades", "allowEIO3"] as const) {
    if (typeof merged[name] !== "boolean") throw invalidOption(name, "a boolean", merged[name]);
  }
  if (merged.allowRequest !== undefined && typeof merged.allowRequest !== "function") {
    throw invalidOption("allowRequest", "a function", merged.allowRequest);
  }
  const corsOption = merged.cors;
  if (
    corsOption !== undefined &&
    typeof corsOption !== "boolean" &&
    (typeof corsOption !== "object" || corsOption === null) &&
    typeof corsOption !== "function"
  ) {
    throw invalidOption("cors", "a boolean, a cors options object or a delegate", corsOption);
  }

  const cookie = merged.cookie;
  if (cookie === true) merged.cookie = Object.freeze({ ...COOKIE_DEFAULTS, httpOnly: true });
  else if (typeof cookie === "object" && cookie !== null) {
    // As engine.io: HttpOnly unless the caller says otherwise; `path: false` drops the Path attribute.
    const given = cookie as Omit<CookieOptions, "path"> & { path?: string | false };
    const resolved: Record<string, unknown> = { ...COOKIE_DEFAULTS, httpOnly: true, ...given };
    if (resolved.path === false) delete resolved.path;
    if (typeof resolved.name !== "string" || resolved.name === "")
      throw invalidOption("cookie.name", "a non-empty string", resolved.name);
    // The cookie package throws on a bad name or attribute: found here, not on the first handshake
    // (where the throw would escape a request handler and end the process).
    const { name, ...attributes } = resolved;
    try {
      stringifySetCookie(name as string, "sid", attributes as Parameters<typeof stringifySetCookie>[2]);
    } catch (error) {
      throw invalidOption("cookie", `options the cookie package accepts (${(error as Error).message})`, cookie);
    }
    merged.cookie = Object.freeze(resolved);
  } else if (cookie !== false) throw invalidOption("cookie", "a boolean or cookie options", cookie);

  const list = merged.transports;
  if (!Array.isArray(list) || list.length === 0) throw invalidOption("transports", "a non-empty array", list);
  const transports = new Map<string, TransportClass>();
  for (const entry of list as unknown[]) {
    const cls = typeof entry === "string" ? registry[entry] : entry;
    if (!isTransportClass(cls)) {
      throw invalidOption(
        "transports",
        "names of registered transports or Transport classes" +
          (typeof entry === "string" ? ` ("${entry}" is not registered: pass its class, or use socketry/engine)` : ""),
        entry,
        "ERR_ENGINE_UNKNOWN_TRANSPORT_CLASS",
      );
    }
    transports.set(cls.transportName, cls);
  }
  merged.transports = Object.freeze([...transports.keys()]);
  for (const cls of transports.values()) {
    for (const [key, value] of Object.entries(cls.defaults ?? {})) if (merged[key] === undefined) merged[key] = value;
  }
  return { options: Object.freeze(merged) as unknown as ResolvedOptions, transports };
}

function isTransportClass(value: unknown): value is TransportClass {
  return (
    typeof value === "function" &&
    typeof (value as TransportClass).transportName === "string" &&
    (value as TransportClass).transportName !== "" &&
    Array.isArray((value as TransportClass).upgradesTo)
  );
}
