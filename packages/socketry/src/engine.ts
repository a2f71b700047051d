// `socketry/engine`: the engine.io-compatible entry — the engine core with its two default
// transports (polling, websocket) wired in, plus engine.io's `attach` and `listen` helpers.
import { createServer, type Server as HttpServer } from "node:http";
import type { EventEmitter } from "node:events";
import { Server as EngineServer, type AttachOptions, type ServerOptions, type TransportClass } from "@socketry/engine";
import { Polling } from "@socketry/transport-polling";
import { WebSocket } from "@socketry/transport-websocket";

/** The default transports, by the names clients use. */
export const transports: Readonly<Record<"polling" | "websocket", TransportClass>> = Object.freeze({
  polling: Polling,
  websocket: WebSocket,
});

/** An engine whose `transports` option resolves "polling" and "websocket" to the default classes. */
export class Server extends EngineServer {
  constructor(options: ServerOptions = {}) {
    super(options, transports);
  }

  /** The WebSocket server behind the websocket transport (engine.io's `engine.ws`), if it is enabled. */
  get ws(): unknown {
    return this.transportHost("websocket");
  }
}

/**
 * engine.io's `BaseServer` is the common base of its Node and uWebSockets.js servers; here the one
 * server class is that base, so `instanceof BaseServer` and types naming it keep working.
 */
export { Server as BaseServer };

/** engine.io's name for the callback of a request's verification: an error code (protocol's 0–5) and its context. */
export type ErrorCallback = (
  errorCode?: number,
  errorContext?: Record<string, unknown> & { name?: string; message?: string },
) => void;

export type EngineOptions = ServerOptions & AttachOptions;

/** Creates an engine and attaches it to `server` (requests under `options.path`, default "/engine.io"). */
export function attach(server: HttpServer | EventEmitter, options: EngineOptions = {}): Server {
  const engine = new Server(options);
  engine.attach(server, options);
  return engine;
}

/** Creates an HTTP server answering 501 outside the engine's path, attaches an engine and listens on `port`. */
export function listen(port: number, listening?: () => void): Server;
export function listen(port: number, options?: EngineOptions, listening?: () => void): Server;
export function listen(
  port: number,
  optionsOrListening?: EngineOptions | (() => void),
  listening?: () => void,
): Server {
  let options: EngineOptions = {};
  if (typeof optionsOrListening === "function") listening = optionsOrListening;
  else if (optionsOrListening !== undefined) options = optionsOrListening;
  const httpServer = createServer((_req, res) => {
    res.writeHead(501);
    res.end("Not Implemented");
  });
  const engine = attach(httpServer, options);
  engine.httpServer = httpServer;
  httpServer.listen(port, listening);
  return engine;
}

export {
  EngineError,
  EngineOptionError,
  errorMessages,
  errors,
  parser,
  protocol,
  Socket,
  Transport,
  type AttachOptions,
  type CloseReason,
  type ConnectionError,
  type Middleware,
  type ServerEvents,
  type SocketEvents,
  type ServerOptions,
  type TransportClass,
  type TransportInit,
} from "@socketry/engine";
export { Polling, PollingOptionError } from "@socketry/transport-polling";
export { WebSocket, WebSocketOptionError } from "@socketry/transport-websocket";
