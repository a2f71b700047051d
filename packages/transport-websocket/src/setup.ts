// Per-server setup of the WebSocket transport: one host (a ws-compatible server in noServer mode)
// created from the engine's options, and the hook that adds the engine's headers to its answers.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { ResponseHeaders, TransportSetup } from "@socketry/engine";
import { createRequire } from "node:module";
import { join } from "node:path";
import { WebSocketServer } from "ws";
import { invalidWebSocketOption } from "./errors.js";
import type { WebSocketConnection, WebSocketHost, WebSocketHostClass } from "./host.js";

/** Engine headers for an upgrade in progress (beside the request, so it keeps its shape). */
const pendingHeaders = new WeakMap<IncomingMessage, ResponseHeaders>();

/** The websocket transport's options and their defaults (the class's `defaults`, shown in the engine's `opts`). */
export const WEBSOCKET_DEFAULTS = Object.freeze({
  perMessageDeflate: false as boolean | Record<string, unknown>,
  wsEngine: "ws" as string | WebSocketHostClass,
});

export interface WebSocketSettings {
  readonly maxPayload: number;
}

/**
 * "ws" (default), a ws-compatible server class, or the name of a module exporting one (the seed's
 * `wsEngine: "eiows"` form), resolved from the application's directory as the official server does.
 */
function resolveHost(engine: unknown): WebSocketHostClass {
  if (engine === "ws") return WebSocketServer as unknown as WebSocketHostClass;
  if (typeof engine !== "string") return engine as WebSocketHostClass;
  let mod: Record<string, unknown>;
  try {
    mod = createRequire(join(process.cwd(), "package.json"))(engine) as Record<string, unknown>;
  } catch (err) {
    throw invalidWebSocketOption("wsEngine", `an installed module (${(err as Error).message})`, engine);
  }
  return (mod.Server ?? mod.WebSocketServer ?? mod.default ?? mod) as WebSocketHostClass;
}

export function setupWebSocket(options: Readonly<Record<string, unknown>>): TransportSetup {
  const engine = options.wsEngine ?? WEBSOCKET_DEFAULTS.wsEngine;
  const Host = resolveHost(engine);
  if (typeof Host !== "function")
    throw invalidWebSocketOption("wsEngine", '"ws", a module name or a ws-compatible server class', engine);
  const perMessageDeflate = options.perMessageDeflate ?? WEBSOCKET_DEFAULTS.perMessageDeflate;
  if (typeof perMessageDeflate !== "boolean" && (typeof perMessageDeflate !== "object" || perMessageDeflate === null)) {
    throw invalidWebSocketOption("perMessageDeflate", "a boolean or ws permessage-deflate options", perMessageDeflate);
  }
  const maxPayload = options.maxHttpBufferSize as number;
  const host: WebSocketHost = new Host({
    noServer: true,
    clientTracking: false,
    maxPayload,
    perMessageDeflate: perMessageDeflate as boolean | Record<string, unknown>,
  });
  host.on?.("headers", addEngineHeaders);
  const settings: WebSocketSettings = Object.freeze({ maxPayload });
  return {
    settings,
    host,
    upgrade(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      headers: ResponseHeaders,
      done: (connection: unknown) => void,
    ) {
      // The upgrade is answered and the connection handed over synchronously, and the session
      // sends its open packet from `done`: corked, the 101 and that first frame leave in one write.
      socket.cork();
      try {
        hostUpgrade(host, request, socket, head, headers, done);
      } finally {
        socket.uncork();
      }
    },
    close() {
      host.close?.();
    },
  };
}

function hostUpgrade(
  host: WebSocketHost,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  headers: ResponseHeaders,
  done: (connection: unknown) => void,
): void {
  // Engine headers (cookie, cors, hooks) wait beside the request for ws's "headers" event;
  // without any, `done` goes to the host as it is (no closure, no WeakMap entry).
  let onConnection: (connection: WebSocketConnection) => void = done;
  if (hasEntries(headers)) {
    pendingHeaders.set(request, headers);
    onConnection = (connection) => {
      pendingHeaders.delete(request);
      done(connection);
    };
  }
  host.handleUpgrade(request, socket, head, onConnection);
}

function hasEntries(headers: ResponseHeaders): boolean {
  for (const _ in headers) return true;
  return false;
}

/**
 * The engine's headers become extra lines of the 101 answer. Names compare case-insensitively and
 * the last one set wins, as with `setHeader` (a hook that sets "set-cookie" replaces "Set-Cookie");
 * each value of an array is a line of its own (several cookies).
 */
function addEngineHeaders(lines: string[], request: IncomingMessage): void {
  const extra = pendingHeaders.get(request);
  if (extra === undefined) return;
  const latest = new Map<string, string>();
  for (const name of Object.keys(extra)) latest.set(name.toLowerCase(), name);
  for (const name of latest.values()) {
    const value = extra[name] as string | string[];
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`);
  }
}
