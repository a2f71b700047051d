// The Engine.IO server: verifies requests, performs handshakes, routes requests and upgrades to
// sessions, and owns the sessions' registry (`clients`, `clientsCount`). HTTP-server wiring lives
// in attach.ts, request checks in verify.ts, transports are classes handed in (never imported).
import { randomFillSync } from "node:crypto";
import { EventEmitter } from "node:events";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Packet } from "@socketry/engine-parser";
import { stringifySetCookie } from "cookie";
import cors from "cors";
import { attachTo, type AttachOptions } from "./attach.js";
import type { ProtocolVersion } from "./codec.js";
import { errorMessages, errors, type ConnectionErrorContext, type ProtocolErrorCode } from "./errors.js";
import { CLOSE_WITH_REASON, REMOVE_CLIENT, START_UPGRADE } from "./internal.js";
import { resolveOptions, type ResolvedOptions, type ServerOptions } from "./options.js";
import { queryStringOf } from "./query.js";
import { abortRequest, abortUpgrade, handshakeSids, parseQuery, type EngineRequest, type RouteQuery } from "./request.js";
import { Socket } from "./socket.js";
import type { ResponseHeaders, Transport, TransportClass, TransportInit, TransportSetup } from "./transport.js";
import { askAllowRequest, ASK_ALLOW_REQUEST, checkRequest, type Rejection } from "./verify.js";

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

export class Server extends EventEmitter {
  /** The resolved, frozen options. */
  readonly opts: ResolvedOptions;
  /** Open sessions by id (a plain object, as engine.io's). */
  clients: Record<string, Socket> = {};
  clientsCount = 0;
  /** The HTTP server `listen()` created, if any. */
  httpServer?: HttpServer;
  readonly #transports: Map<string, TransportClass>;
  readonly #setups = new Map<string, TransportSetup>();
  #detachers: Array<() => void> = [];
  readonly #corsMiddleware: ReturnType<typeof cors> | undefined;
  readonly #decorateHeaders: TransportInit["decorateHeaders"];

  constructor(options: ServerOptions = {}, registry: TransportRegistry = {}) {
    super();
    const resolved = resolveOptions(options, registry);
    this.opts = resolved.options;
    this.#transports = resolved.transports;
    this.#corsMiddleware = this.opts.cors === undefined ? undefined : cors(this.opts.cors);
    this.#decorateHeaders = (headers, request) => this.#addHeaders(headers, request as EngineRequest);
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

  /** Handles an Engine.IO HTTP request (polling, handshake, preflight). */
  handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const req = request as EngineRequest;
    const query = parseQuery(req);
    if (this.#corsMiddleware === undefined) {
      this.#route(req, response, query);
      return;
    }
    this.#corsMiddleware(req, response, () => this.#route(req, response, query));
  }

  /** Handles an HTTP upgrade aimed at the engine (a WebSocket handshake or upgrade). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const req = request as EngineRequest;
    const query = parseQuery(req);
    const checked = checkRequest(this, this.#transports, req, query, true);
    if (checked === ASK_ALLOW_REQUEST) {
      askAllowRequest(this, req, query, (rejection, protocol) => this.#upgradeVerified(req, socket, head, query, rejection, protocol));
    } else if (typeof checked === "number") {
      this.#upgradeVerified(req, socket, head, query, null, checked);
    } else {
      this.#upgradeVerified(req, socket, head, query, checked, 4);
    }
  }

  /** Attaches to an HTTP(S)/HTTP2 server: requests and upgrades under `path` come to the engine. */
  attach(server: HttpServer | EventEmitter, options: AttachOptions = {}): this {
    this.#detachers.push(attachTo(this, server, options));
    return this;
  }

  /** Closes every session ("server shutting down"), releases transports' resources, detaches. */
  close(): this {
    for (const id of Object.keys(this.clients)) {
      this.clients[id]?.[CLOSE_WITH_REASON]("server shutting down", true);
    }
    for (const setup of this.#setups.values()) setup.close?.();
    const detachers = this.#detachers;
    this.#detachers = [];
    for (const detach of detachers) detach();
    return this;
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

  #route(req: EngineRequest, response: ServerResponse, query: RouteQuery): void {
    const checked = checkRequest(this, this.#transports, req, query, false);
    if (checked === ASK_ALLOW_REQUEST) {
      askAllowRequest(this, req, query, (rejection, protocol) => this.#requestVerified(req, response, query, rejection, protocol));
    } else if (typeof checked === "number") {
      this.#requestVerified(req, response, query, null, checked);
    } else {
      this.#requestVerified(req, response, query, checked, 4);
    }
  }

  #requestVerified(req: EngineRequest, response: ServerResponse, query: RouteQuery, rejection: Rejection | null, protocol: ProtocolVersion): void {
    if (rejection !== null) {
      this.#reject(req, rejection);
      abortRequest(response, rejection.code, rejection.context.message as string | undefined);
      return;
    }
    const sid = query.sid;
    if (sid !== undefined) {
      (this.findClient(sid) as Socket).transport.onRequest(req, response);
      return;
    }
    const cls = this.#transports.get(query.transport as string) as TransportClass;
    const id = this.#newId(req, response);
    if (id === null) return;
    if (typeof id === "string") {
      this.#requestHandshake(req, response, protocol, cls, id);
      return;
    }
    id.then(
      (value) => this.#requestHandshake(req, response, protocol, cls, value),
      (error: unknown) => this.#idFailed(req, response, error),
    );
  }

  #requestHandshake(req: EngineRequest, response: ServerResponse, protocol: ProtocolVersion, cls: TransportClass, id: string): void {
    handshakeSids.set(req, id);
    const transport = this.#createTransport(cls, req, protocol, undefined);
    if (transport === null) {
      abortRequest(response, errors.BAD_REQUEST, undefined);
      return;
    }
    // The handshake response carries the open packet alone; "connection" handlers write after it.
    const socket = this.#register(id, transport, req, protocol);
    transport.onRequest(req, response);
    handshakeSids.delete(req);
    if (socket.readyState !== "closed") this.emit("connection", socket);
  }

  #upgradeVerified(req: EngineRequest, socket: Duplex, head: Buffer, query: RouteQuery, rejection: Rejection | null, protocol: ProtocolVersion): void {
    if (rejection !== null) {
      this.#reject(req, rejection);
      abortUpgrade(socket, rejection.code, rejection.context.message as string | undefined);
      return;
    }
    const name = query.transport as string;
    const cls = this.#transports.get(name) as TransportClass;
    const setup = this.#setups.get(name);
    if (!cls.handlesUpgrades || setup?.upgrade === undefined) {
      const refused = rejectWith(errors.BAD_REQUEST, { name: "TRANSPORT_HANDSHAKE_ERROR", transport: name });
      this.#reject(req, refused);
      abortUpgrade(socket, refused.code, undefined);
      return;
    }
    const sid = query.sid;
    if (sid !== undefined) {
      const headers: ResponseHeaders = {};
      this.#addHeaders(headers, req);
      setup.upgrade(req, socket, head, headers, (connection) => this.#onUpgradeConnection(cls, req, socket, protocol, sid, connection));
      return;
    }
    const id = this.#newId(req, socket);
    if (id === null) return;
    if (typeof id === "string") {
      this.#upgradeHandshake(req, socket, head, protocol, cls, setup, id);
      return;
    }
    id.then(
      (value) => this.#upgradeHandshake(req, socket, head, protocol, cls, setup, value),
      (error: unknown) => this.#idFailed(req, socket, error),
    );
  }

  #upgradeHandshake(
    req: EngineRequest,
    socket: Duplex,
    head: Buffer,
    protocol: ProtocolVersion,
    cls: TransportClass,
    setup: TransportSetup,
    id: string,
  ): void {
    handshakeSids.set(req, id);
    const headers: ResponseHeaders = {};
    this.#addHeaders(headers, req);
    (setup.upgrade as NonNullable<TransportSetup["upgrade"]>)(req, socket, head, headers, (connection) => {
      const transport = this.#createTransport(cls, req, protocol, connection);
      handshakeSids.delete(req);
      if (transport === null) {
        socket.destroy();
        return;
      }
      const session = this.#register(id, transport, req, protocol);
      if (session.readyState !== "closed") this.emit("connection", session);
    });
  }

  /** A new session id: a string now, a promise from an async `generateId`, or null once failed (answered). */
  #newId(req: EngineRequest, target: ServerResponse | Duplex): string | Promise<string> | null {
    let id: string | Promise<string>;
    try {
      id = this.generateId(req);
    } catch (error) {
      this.#idFailed(req, target, error);
      return null;
    }
    return typeof id === "string" ? id : Promise.resolve(id).then(String);
  }

  #idFailed(req: EngineRequest, target: ServerResponse | Duplex, error: unknown): void {
    const rejection = rejectWith(errors.BAD_REQUEST, { name: "ID_GENERATION_ERROR", error });
    this.#reject(req, rejection);
    if ("writeHead" in target) abortRequest(target, rejection.code, undefined);
    else abortUpgrade(target, rejection.code, undefined);
  }

  #createTransport(
    cls: TransportClass,
    req: EngineRequest,
    protocol: ProtocolVersion,
    connection: unknown,
  ): Transport | null {
    try {
      // Built on first read: the built-in transports only look at it for Engine.IO v3 clients.
      let searchParams: URLSearchParams | undefined;
      return new cls({
        request: req,
        get query() {
          return (searchParams ??= new URLSearchParams(queryStringOf(req.url)));
        },
        protocol,
        maxHttpBufferSize: this.opts.maxHttpBufferSize,
        settings: this.#setups.get(cls.transportName)?.settings,
        connection,
        decorateHeaders: this.#decorateHeaders,
      });
    } catch (error) {
      this.#reject(req, rejectWith(errors.BAD_REQUEST, { name: "TRANSPORT_HANDSHAKE_ERROR", error }));
      return null;
    }
  }

  #register(id: string, transport: Transport, req: EngineRequest, protocol: ProtocolVersion): Socket {
    const socket = new Socket(id, this, transport, req, protocol);
    this.clients[id] = socket;
    this.clientsCount++;
    return socket;
  }

  #onUpgradeConnection(
    cls: TransportClass,
    req: EngineRequest,
    socket: Duplex,
    protocol: ProtocolVersion,
    sid: string,
    connection: unknown,
  ): void {
    const transport = this.#createTransport(cls, req, protocol, connection);
    if (transport === null) {
      // The connection was handed over but no transport owns it: nothing else would close it.
      socket.destroy();
      return;
    }
    const client = this.findClient(sid);
    // The session may have closed, or started/finished another upgrade, during the handshake.
    if (client === undefined || client.upgrading || client.upgraded || client.readyState !== "open") {
      transport.close();
      return;
    }
    client[START_UPGRADE](transport);
  }

  #addHeaders(headers: ResponseHeaders, req: EngineRequest): void {
    const sid = handshakeSids.get(req);
    if (sid !== undefined) {
      const cookie = this.opts.cookie;
      if (cookie !== false) {
        const { name, ...attributes } = cookie;
        headers["Set-Cookie"] = [stringifySetCookie(name, sid, attributes)];
      }
      this.emit("initial_headers", headers, req);
    }
    this.emit("headers", headers, req);
  }

  #reject(req: IncomingMessage, rejection: Rejection): void {
    const message = (rejection.context.message as string | undefined) ?? errorMessages[rejection.code];
    this.emit("connection_error", { req, code: rejection.code, message, context: rejection.context } satisfies ConnectionError);
  }
}

const ID_BYTES = 15;
/** Random bytes for 64 ids at a time: one call into the CSPRNG instead of one per handshake. */
const idPool = Buffer.alloc(ID_BYTES * 64);
let idPoolOffset = idPool.length;

function randomId(): string {
  if (idPoolOffset === idPool.length) {
    randomFillSync(idPool);
    idPoolOffset = 0;
  }
  const id = idPool.toString("base64url", idPoolOffset, idPoolOffset + ID_BYTES);
  idPoolOffset += ID_BYTES;
  return id;
}

export function rejectWith(code: ProtocolErrorCode, context: ConnectionErrorContext): Rejection {
  return { code, context };
}
