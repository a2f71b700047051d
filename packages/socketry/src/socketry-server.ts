import type { EventEmitter } from "node:events";
import cors, { type CorsOptions, type CorsOptionsDelegate } from "cors";
import { PRE_ROUTE, type PreRoute } from "@socketry/engine";
import {
  Server as CoreServer,
  type DefaultEventsMap,
  type EngineLike,
  type EventsMap,
  type HttpServerLike,
  type ServerOptions as CoreServerOptions,
} from "@socketry/server";
import type { HttpCompressionOptions } from "@socketry/transport-polling";
import type { WebSocketHostClass } from "@socketry/transport-websocket";
import { Server as Engine, type EngineOptions } from "./engine.js";
import { clientFileFor, serveClientFile } from "./serve-client.js";

/**
 * Every option `new Server(srv, opts)` takes, typed: the server's own, the engine's, and those of
 * the two default transports (the core server alone types only its own and passes the rest on).
 */
export interface ServerOptions extends CoreServerOptions, EngineOptions {
  /** Polling: compress responses over the threshold (default true, threshold 1024). */
  httpCompression?: boolean | HttpCompressionOptions;
  /** WebSocket: the permessage-deflate extension, with `ws`'s options (default false). */
  perMessageDeflate?: boolean | Record<string, unknown>;
  /** WebSocket: "ws" (default), a ws-compatible server class, or the name of an installed module exporting one. */
  wsEngine?: "ws" | (string & {}) | WebSocketHostClass;
}

/**
 * The Socket.IO server users construct (`new Server(httpServer, opts)`): the core server from
 * @socketry/server with socketry's engine and its two transports, plus the client bundles
 * served under the path when `serveClient` is on.
 */
export class Server<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // biome-ignore lint/suspicious/noExplicitAny: the official default, which typed code relies on
  SocketData = any,
> extends CoreServer<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
  /**
   * The Engine.IO server, typed as the official server types it: present once the server is
   * attached (`new Server(httpServer)`, `listen()`, `attach()`), undefined before.
   */
  declare engine: Engine;

  constructor(opts?: ServerOptions);
  constructor(srv: HttpServerLike | number | undefined, opts?: ServerOptions);
  constructor(srv?: HttpServerLike | number | ServerOptions, opts?: ServerOptions) {
    // The base constructor tells an options object from a server itself (as the official one does).
    super(srv as HttpServerLike | number | undefined, opts);
  }

  protected override createEngine(srv: HttpServerLike, opts: Record<string, unknown>): EngineLike {
    const engine = new Engine(opts as EngineOptions);
    // The bundles are served ahead of the engine within its one takeover of "request", so they
    // leave with it, whether io.close() or the HTTP server's own "close" detaches the engine.
    // io.path() keeps the trailing slash of a `path: "/my-path/"` option; the engine strips it, so do we.
    const corsOption = (opts as EngineOptions).cors as CorsOptions | CorsOptionsDelegate | undefined;
    const preRoute = this.serveClient() ? bundleServer(`${this.path().replace(/\/$/, "")}/`, corsOption) : undefined;
    engine.attach(srv as unknown as EventEmitter, { ...(opts as EngineOptions), [PRE_ROUTE]: preRoute });
    return engine as unknown as EngineLike;
  }
}

/**
 * Answers GET/HEAD requests for the client bundles under `path`, with the headers of the `cors`
 * option (as the engine's own answers have them); anything else goes on.
 */
function bundleServer(path: string, corsOption: CorsOptions | CorsOptionsDelegate | undefined): PreRoute {
  const withCors = corsOption === undefined ? undefined : cors(corsOption as CorsOptions);
  return (req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? clientFileFor(req.url, path) : null;
    if (file === null) return false;
    if (withCors === undefined) serveClientFile(req, res, file);
    else withCors(req, res, () => serveClientFile(req, res, file));
    return true;
  };
}
