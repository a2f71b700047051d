import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventEmitter } from "node:events";
import {
  Server as CoreServer,
  type DefaultEventsMap,
  type EngineLike,
  type EventsMap,
  type HttpServerLike,
} from "@socketry/server";
import { Server as Engine, type EngineOptions } from "./engine.js";
import { clientFileFor, serveClientFile } from "./serve-client.js";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The Socket.IO server users construct (`new Server(httpServer, opts)`): the core server from
 * @socketry/server with socketry's engine and its two transports, plus the client bundles
 * served under the path when `serveClient` is on.
 */
export class Server<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> extends CoreServer<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
  // Not a field initialiser: createEngine() runs inside the base constructor, before fields exist.
  declare private detachServe: (() => void) | undefined;

  protected override createEngine(srv: HttpServerLike, opts: Record<string, unknown>): EngineLike {
    const engine = new Engine(opts as EngineOptions);
    engine.attach(srv as unknown as EventEmitter, opts as EngineOptions);
    if (this.serveClient()) this.detachServe = serveBundles(srv as unknown as EventEmitter, `${this.path()}/`);
    return engine as unknown as EngineLike;
  }

  override async close(fn?: (err?: Error) => void): Promise<void> {
    this.detachServe?.();
    this.detachServe = undefined;
    return super.close(fn);
  }
}

/**
 * Puts the bundle server in front of every "request" listener (the engine's included) and
 * returns the function that restores them.
 */
function serveBundles(httpServer: EventEmitter, path: string): () => void {
  const previous = httpServer.listeners("request") as RequestListener[];
  httpServer.removeAllListeners("request");
  const onRequest: RequestListener = (req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? clientFileFor(req.url, path) : null;
    if (file) {
      serveClientFile(req, res, file);
      return;
    }
    for (const listener of previous) listener.call(httpServer, req, res);
  };
  httpServer.on("request", onRequest);
  return () => {
    httpServer.removeListener("request", onRequest);
    for (const listener of previous) {
      if (!httpServer.listeners("request").includes(listener)) httpServer.on("request", listener);
    }
  };
}
