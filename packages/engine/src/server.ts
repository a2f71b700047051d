// The Engine.IO server: runs every request and upgrade through one pipeline (prepare, middlewares,
// verify, then join a session or open one), and owns the sessions' registry (`clients`,
// `clientsCount`). HTTP-server wiring lives in attach.ts, request checks in verify.ts, what differs
// between a request and an upgrade in exchange.ts; transports are classes handed in (never imported).
import { EventEmitter } from "node:events";
import { randomId } from "@socketry/shared";
import {
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import type { Packet } from "@socketry/engine-parser";
import { stringifySetCookie } from "cookie";
import cors from "cors";
import { attachTo, type AttachOptions } from "./attach.js";
import type { ProtocolVersion } from "./codec.js";
import { errorMessages, errors, invalidOption, type ConnectionErrorContext, type ProtocolErrorCode } from "./errors.js";
import { peerPresent, refuseExchange, type Exchange, type HttpExchange, type UpgradeExchange } from "./exchange.js";
import { CLOSE_SESSIONS, CLOSE_WITH_REASON, REMOVE_CLIENT, SESSION_HOST, START_UPGRADE } from "./internal.js";
import { logServer } from "./log.js";
import { runMiddlewares, UpgradeResponse, type Middleware } from "./middleware.js";
import { resolveOptions, type ResolvedOptions, type ServerOptions } from "./options.js";
import { queryStringOf } from "./query.js";
import { abortRequest, prepareRequest, routeQueryOf, type EngineRequest } from "./request.js";
import { SessionHost } from "./session-host.js";
import { Socket } from "./socket.js";
import type { ResponseHeaders, Transport, TransportClass, TransportInit, TransportSetup } from "./transport.js";
import { askAllowRequest, refusal, verify, type Refusal, type Verdict } from "./verify.js";

export interface ConnectionError {
  req: IncomingMessage;
  code: ProtocolErrorCode;
  message: string;
  context: ConnectionErrorContext;
}

/** The events the server emits, with their arguments. */
export interface ServerEvents {
  connection: (socket: Socket) => void;
  connection_error: (error: ConnectionError) => void;
  initial_headers: (headers: ResponseHeaders, request: IncomingMessage) => void;
  headers: (headers: ResponseHeaders, request: IncomingMessage) => void;
  flush: (socket: Socket, packets: Packet[]) => void;
  drain: (socket: Socket) => void;
}

// Typed listeners for the known events (other names still go through EventEmitter's signature).
export interface Server {
  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): this;
  once<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): this;
  off<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): this;
}

/** Transport classes by name that names in the `transports` option refer to. */
export type TransportRegistry = Readonly<Record<string, TransportClass>>;

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only types the events of this class
export class Server extends EventEmitter {
  /** The protocol's error codes, as `Server.errors` on engine.io. */
  static readonly errors = errors;
  /** The protocol's message for each code, as `Server.errorMessages` on engine.io. */
  static readonly errorMessages = errorMessages;
  /** The resolved, frozen options. */
  readonly opts: ResolvedOptions;
  /** Open sessions by id (a plain object, as engine.io's). */
  clients: Record<string, Socket> = {};
  clientsCount = 0;
  /** The HTTP server `listen()` created, if any. */
  httpServer?: HttpServer;
  /** @internal what sessions share (deadline queues, the open packet's tail) */
  readonly [SESSION_HOST]: SessionHost;
  readonly #transports: Map<string, TransportClass>;
  readonly #setups = new Map<string, TransportSetup>();
  #detachers: Array<() => void> = [];
  /** cors (when configured) first, then the user's, in `use()` order. */
  readonly #middlewares: Middleware[] = [];
  readonly #decorateHeaders: TransportInit["decorateHeaders"];

  constructor(options: ServerOptions = {}, registry: TransportRegistry = {}) {
    super();
    const resolved = resolveOptions(options, registry);
    this.opts = resolved.options;
    this.#transports = resolved.transports;
    this[SESSION_HOST] = new SessionHost(this.opts);
    const corsOptions = this.opts.cors;
    // `cors: true` reflects the request's origin, as the cors package's `origin: true` does.
    if (corsOptions !== undefined && corsOptions !== false) {
      this.#middlewares.push(cors(corsOptions === true ? { origin: true } : corsOptions) as Middleware);
    }
    this.#decorateHeaders = (headers, request, handshakeSid) =>
      this.#addHeaders(headers, request as EngineRequest, handshakeSid);
    for (const [name, cls] of this.#transports) {
      if (typeof cls.setup === "function") this.#setups.set(name, cls.setup(this.opts));
    }
  }

  /** A new session id: 20 url-safe characters from 15 random bytes. Override to choose your own. */
  generateId(_request: IncomingMessage): string | Promise<string> {
    return randomId();
  }

  /** Names of the transports a session on `transportName` may upgrade to. */
  upgrades(transportName: string): string[] {
    if (!this.opts.allowUpgrades) return [];
    const cls = this.#transports.get(transportName);
    if (cls === undefined) return [];
    return cls.upgradesTo.filter((name) => this.#transports.has(name));
  }

  /**
   * Adds an Express-style middleware `(req, res, next)`: it runs on every Engine.IO HTTP request
   * and upgrade (with a stand-in response there), in order, before the engine handles it. An error
   * passed to `next` refuses the request (code 3, context "MIDDLEWARE_FAILURE").
   */
  use(middleware: Middleware): this {
    if (typeof middleware !== "function") throw invalidOption("use()", "a middleware function", middleware);
    this.#middlewares.push(middleware);
    return this;
  }

  /** engine.io's hook before anything reads a request: sets `req._query`. May be overridden. */
  prepare(request: IncomingMessage): void {
    prepareRequest(request as EngineRequest);
  }

  /** Handles an Engine.IO HTTP request (polling, handshake, preflight). */
  handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const req = request as EngineRequest;
    this.prepare(req);
    const exchange: HttpExchange = { upgrade: false, request: req, query: routeQueryOf(req), response };
    this.#begin(exchange);
  }

  /** Handles an HTTP upgrade aimed at the engine (a WebSocket handshake or upgrade). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // From the first moment on, whatever happens next (middlewares, allowRequest, an async
    // generateId): a connection reset by the peer must never be an uncaught "error".
    socket.on("error", destroyOnError);
    const req = request as EngineRequest;
    this.prepare(req);
    const exchange: UpgradeExchange = {
      upgrade: true,
      request: req,
      query: routeQueryOf(req),
      response: this.#middlewares.length === 0 ? null : new UpgradeResponse(req, socket),
      socket,
      // node:http may reuse the memory of `head` once this handler returns; the steps before the
      // WebSocket handshake may be asynchronous.
      head: head.length === 0 ? head : Buffer.from(head),
    };
    this.#begin(exchange);
  }

  /** Attaches to an HTTP(S)/HTTP2 server: requests and upgrades under `path` come to the engine. */
  attach(server: HttpServer | EventEmitter, options: AttachOptions = {}): this {
    this.#detachers.push(attachTo(this, server, options));
    return this;
  }

  /** The per-server object behind a transport (the WebSocket server for "websocket"), if it has one. */
  transportHost(name: string): unknown {
    return this.#setups.get(name)?.host;
  }

  /** Closes every session ("server shutting down"), releases transports' resources, detaches. */
  close(): this {
    this[CLOSE_SESSIONS]();
    for (const setup of this.#setups.values()) setup.close?.();
    const detachers = this.#detachers;
    this.#detachers = [];
    for (const detach of detachers) detach();
    return this;
  }

  /** @internal every session ends with "server shutting down"; the engine stays usable. */
  [CLOSE_SESSIONS](): void {
    for (const id of Object.keys(this.clients)) {
      this.clients[id]?.[CLOSE_WITH_REASON]("server shutting down", true);
    }
  }

  /** @internal */
  [REMOVE_CLIENT](socket: Socket): void {
    if (this.clients[socket.id] === socket) {
      delete this.clients[socket.id];
      this.clientsCount--;
    }
  }

  /** @internal the session registered under `sid`, if any (safe for ids like "__proto__"). */
  findClient(sid: string): Socket | undefined {
    return Object.hasOwn(this.clients, sid) ? this.clients[sid] : undefined;
  }

  // ---- the pipeline: middlewares -> verify -> join a session, or handshake -> open ----

  #begin(exchange: Exchange): void {
    if (this.#middlewares.length === 0) {
      this.#decide(exchange, this.#verify(exchange));
      return;
    }
    runMiddlewares(this.#middlewares, exchange.request, exchange.response as ServerResponse, (error) => {
      if (error !== undefined)
        this.#refuse(exchange, refusal(errors.BAD_REQUEST, { name: "MIDDLEWARE_FAILURE", error }));
      else this.#decide(exchange, this.#verify(exchange));
    });
  }

  #verify(exchange: Exchange): Verdict {
    return verify(this, this.#transports, exchange.request, exchange.query, exchange.upgrade);
  }

  #decide(exchange: Exchange, verdict: Verdict): void {
    switch (verdict.kind) {
      case "refuse":
        this.#refuse(exchange, verdict);
        return;
      case "ask":
        askAllowRequest(this, exchange.request, exchange.query, (answer) => this.#decide(exchange, answer));
        return;
      case "join":
        if (!exchange.upgrade) {
          verdict.session.transport.onRequest(exchange.request, exchange.response);
          return;
        }
        this.#connect(exchange, verdict.session.protocol, undefined, (transport) =>
          this.#startUpgrade(verdict.session.id, transport),
        );
        return;
      case "handshake":
        this.#handshake(exchange, verdict.protocol);
        return;
    }
  }

  #handshake(exchange: Exchange, protocol: ProtocolVersion): void {
    let id: string | Promise<string>;
    try {
      id = this.generateId(exchange.request);
    } catch (error) {
      this.#refuse(exchange, refusal(errors.BAD_REQUEST, { name: "ID_GENERATION_ERROR", error }));
      return;
    }
    if (typeof id === "string") {
      this.#open(exchange, protocol, id);
      return;
    }
    Promise.resolve(id).then(
      (value) => this.#open(exchange, protocol, String(value)),
      (error: unknown) => this.#refuse(exchange, refusal(errors.BAD_REQUEST, { name: "ID_GENERATION_ERROR", error })),
    );
  }

  /** Opens session `id` on the transport `#connect` makes for the exchange. */
  #open(exchange: Exchange, protocol: ProtocolVersion, id: string): void {
    this.#connect(exchange, protocol, id, (transport) => {
      const session = new Socket(id, this, transport, exchange.request, protocol);
      this.clients[id] = session;
      this.clientsCount++;
      logServer("session %s opened on %s (protocol %d)", id, transport.name, protocol);
      // The handshake response carries the open packet alone; "connection" handlers write after it.
      if (!exchange.upgrade) transport.onRequest(exchange.request, exchange.response);
      if (session.readyState !== "closed") this.emit("connection", session);
    });
  }

  /**
   * Makes the transport the exchange asks for and hands it to `use`: at once for an HTTP request
   * (the transport then answers it), after the transport's upgrade hook finished the WebSocket
   * handshake for an upgrade. `handshakeSid` is the new session's id, for its cookie.
   */
  #connect(
    exchange: Exchange,
    protocol: ProtocolVersion,
    handshakeSid: string | undefined,
    use: (transport: Transport) => void,
  ): void {
    const cls = this.#transports.get(exchange.query.transport as string) as TransportClass;
    if (!exchange.upgrade) {
      const transport = this.#createTransport(cls, exchange.request, protocol, undefined, handshakeSid);
      if (transport === null) abortRequest(exchange.response, errors.BAD_REQUEST, undefined);
      else use(transport);
      return;
    }
    // The connection may have gone during an asynchronous step (allowRequest, generateId).
    if (!peerPresent(exchange)) return;
    const upgrade = this.#setups.get(cls.transportName)?.upgrade;
    if (upgrade === undefined) {
      this.#refuse(
        exchange,
        refusal(errors.BAD_REQUEST, { name: "TRANSPORT_HANDSHAKE_ERROR", transport: cls.transportName }),
      );
      return;
    }
    const { request, socket } = exchange;
    upgrade(request, socket, exchange.head, this.#upgradeHeaders(exchange, handshakeSid), (connection) => {
      // The connection's owner listens for errors now (ws does): ours would only cost memory.
      if (socket.listenerCount("error") > 1) socket.removeListener("error", destroyOnError);
      const transport = this.#createTransport(cls, request, protocol, connection, undefined);
      // The connection was handed over but no transport owns it: nothing else would close it.
      if (transport === null) socket.destroy();
      else use(transport);
    });
  }

  #startUpgrade(sid: string, transport: Transport): void {
    const client = this.findClient(sid);
    // The session may have closed, or started/finished another upgrade, during the handshake.
    if (client === undefined || client.upgrading || client.upgraded || client.readyState !== "open") {
      logServer("upgrade of session %s dropped: the session moved on", sid);
      transport.close();
      return;
    }
    client[START_UPGRADE](transport);
  }

  /** The 101 answer's extra headers: the middlewares', then the engine's (cookie and hooks). */
  #upgradeHeaders(exchange: UpgradeExchange, handshakeSid: string | undefined): ResponseHeaders {
    const response = exchange.response;
    let headers: ResponseHeaders = {};
    if (response !== null) {
      // Middlewares that wait for the headers to be written (express-session's cookie) run now.
      response.writeHead();
      headers = response.collected();
    }
    this.#addHeaders(headers, exchange.request, handshakeSid);
    return headers;
  }

  #createTransport(
    cls: TransportClass,
    req: EngineRequest,
    protocol: ProtocolVersion,
    connection: unknown,
    handshakeSid: string | undefined,
  ): Transport | null {
    try {
      // Built on first read: the built-in transports only look at it for Engine.IO v3 clients.
      let searchParams: URLSearchParams | undefined;
      const init: TransportInit = {
        request: req,
        get query() {
          return (searchParams ??= new URLSearchParams(queryStringOf(req.url)));
        },
        protocol,
        maxHttpBufferSize: this.opts.maxHttpBufferSize,
        settings: this.#setups.get(cls.transportName)?.settings,
        connection,
        decorateHeaders: this.#decorateHeaders,
      };
      if (handshakeSid !== undefined) init.sid = handshakeSid;
      return new cls(init);
    } catch (error) {
      this.#emitConnectionError(req, refusal(errors.BAD_REQUEST, { name: "TRANSPORT_HANDSHAKE_ERROR", error }));
      return null;
    }
  }

  /** Cookie and `initial_headers` for a handshake's response (`handshakeSid` given), then `headers`. */
  #addHeaders(headers: ResponseHeaders, req: EngineRequest, handshakeSid: string | undefined): void {
    if (handshakeSid !== undefined) {
      const cookie = this.opts.cookie;
      if (cookie !== false) {
        const { name, ...attributes } = cookie;
        appendSetCookie(
          headers,
          stringifySetCookie(name, handshakeSid, attributes as Parameters<typeof stringifySetCookie>[2]),
        );
      }
      this.emit("initial_headers", headers, req);
    }
    this.emit("headers", headers, req);
    // A hook may copy client input (a decoded query value) into a header: what node:http would
    // throw on (inside the engine: an uncaught exception) or a WebSocket answer would write raw
    // (CR LF: lines of the client's choosing) never goes out.
    if (
      this.listenerCount("headers") > 0 ||
      (handshakeSid !== undefined && this.listenerCount("initial_headers") > 0)
    ) {
      dropInvalidHeaders(headers);
    }
  }

  #refuse(exchange: Exchange, refused: Refusal): void {
    this.#emitConnectionError(exchange.request, refused);
    const message = refused.context.message;
    refuseExchange(exchange, refused.code, typeof message === "string" ? message : undefined);
  }

  #emitConnectionError(req: IncomingMessage, refused: Refusal): void {
    logServer("%s %s refused: %s (code %d)", req.method, req.url, refused.context.name, refused.code);
    const error: ConnectionError = {
      req,
      code: refused.code,
      message: errorMessages[refused.code],
      context: refused.context,
    };
    this.emit("connection_error", error);
  }
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

function dropInvalidHeaders(headers: ResponseHeaders): void {
  for (const name of Object.keys(headers)) {
    try {
      validateHeaderName(name);
      const value = headers[name];
      for (const one of Array.isArray(value) ? value : [value]) validateHeaderValue(name, one);
    } catch {
      logServer("header %s dropped: not a valid HTTP header", name);
      delete headers[name];
    }
  }
}

/** Adds a Set-Cookie line next to any a middleware or hook already put there. */
function appendSetCookie(headers: ResponseHeaders, cookie: string): void {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== "set-cookie") continue;
    const existing = headers[key] as string | string[];
    headers[key] = Array.isArray(existing) ? [...existing, cookie] : [existing, cookie];
    return;
  }
  headers["Set-Cookie"] = [cookie];
}
