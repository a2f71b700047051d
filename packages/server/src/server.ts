// biome-ignore-all lint/suspicious/noExplicitAny: event arguments are the user's types
// The Socket.IO server: namespaces, options, and the binding to an Engine.IO server. It never
// creates an engine itself: bind(engine) takes one, and subclasses (the `socketry` umbrella)
// implement createEngine() for attach()/listen() and the constructor forms that take a server.
import { createServer, type Server as HttpServer } from "node:http";
import type { AdapterLike, Room, SocketId } from "./adapter-types.js";
import type { BroadcastOperator } from "./broadcast-operator.js";
import { Client } from "./client.js";
import type { EngineLike, EngineSocketLike } from "./engine-types.js";
import { invalidArgument, serverError } from "./errors.js";
import { logServer } from "./log.js";
import { isEmitterMetaEvent } from "./reserved-events.js";
import { Namespace, type ConnectMiddleware, type NamespaceReservedEvents } from "./namespace.js";
import { ParentNamespace, type NamespaceMatcher } from "./parent-namespace.js";
import type { RemoteSocket } from "./remote-socket.js";
import type { Socket } from "./socket.js";
import {
  checkCount,
  engineOptions,
  resolveServerOptions,
  type AdapterOption,
  type ParserLike,
  type ResolvedServerOptions,
  type ServerOptions,
} from "./server-options.js";
import {
  StrictEventEmitter,
  type AllButLast,
  type DecorateAcknowledgementsWithTimeoutAndMultipleResponses,
  type DefaultEventsMap,
  type EventNames,
  type EventParams,
  type EventsMap,
  type FirstNonErrorArg,
  type Last,
  type RemoveAcknowledgements,
  type ReservedOrUserEventNames,
  type ReservedOrUserListener,
} from "./typed-events.js";

function testName(regexp: RegExp, name: string): boolean {
  regexp.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return regexp.test(name);
}

/** What attach() accepts: anything with the http.Server listen/close/on shape (http, https, http2). */
export interface HttpServerLike {
  listen(...args: any[]): unknown;
  close(callback?: (err?: Error) => void): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface ServerReservedEvents<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  ServerSideEvents extends EventsMap,
  SocketData,
> extends NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
  new_namespace: (namespace: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void;
}

/** Broadcast operators take the raw event map; their emit() decorates acknowledgements. */
type Operator<EmitEvents extends EventsMap, SocketData> = BroadcastOperator<EmitEvents, SocketData>;

type Listener = (...args: any[]) => void;

type ServerEventNames<L extends EventsMap, E extends EventsMap, S extends EventsMap, D> = ReservedOrUserEventNames<
  ServerReservedEvents<L, E, S, D>,
  S
>;
type ServerListener<
  L extends EventsMap,
  E extends EventsMap,
  S extends EventsMap,
  D,
  Ev extends string | symbol,
> = ReservedOrUserListener<ServerReservedEvents<L, E, S, D>, S, Ev>;

/** Mutable copy of the resolved options (path(), adapter(), connectTimeout() change it). */
type Settings = { -readonly [K in keyof ResolvedServerOptions]: ResolvedServerOptions[K] };

export class Server<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> extends StrictEventEmitter<
  ServerSideEvents,
  RemoveAcknowledgements<EmitEvents>,
  ServerReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
> {
  /** The main namespace ("/"). */
  readonly sockets: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** Namespaces by name (semi-public, as in the official server). */
  readonly _nsps = new Map<string, Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  /** Dynamic parents created from a RegExp: a namespace created by hand with a matching name becomes their child. */
  readonly #parentsByRegExp = new Map<
    RegExp,
    ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
  >();
  /** @internal Dynamic namespaces by matcher. */
  readonly _parentNsps = new Map<
    NamespaceMatcher,
    ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
  >();
  /** The parser in use (semi-public, as in the official server). */
  readonly _parser: ParserLike;
  /** The parser's encoder, shared by every namespace and adapter. */
  readonly encoder: { encode(packet: any): unknown[] };
  /** The bound Engine.IO server. */
  engine: EngineLike | undefined;
  /** The HTTP server given to (or created by) attach()/listen(). */
  httpServer: HttpServerLike | undefined;
  /** @internal Resolved options. */
  readonly _settings: Settings;
  /** A copy of the caller's options, engine options included, for createEngine(). */
  readonly #opts: ServerOptions;
  readonly #onconnection = (conn: EngineSocketLike): void => {
    new Client(this, conn);
  };

  constructor(opts?: ServerOptions);
  constructor(srv: HttpServerLike | number | undefined, opts?: ServerOptions);
  constructor(srv?: HttpServerLike | number | ServerOptions, opts: ServerOptions = {}) {
    super();
    if (typeof srv === "object" && srv !== null && typeof (srv as HttpServerLike).listen !== "function") {
      opts = srv as ServerOptions;
      srv = undefined;
    }
    this.#opts = { ...opts };
    this._settings = { ...resolveServerOptions(this.#opts) };
    this._parser = this._settings.parser;
    this.encoder = new this._parser.Encoder();
    this.sockets = this.of("/");
    if (srv !== undefined) this.attach(srv as HttpServerLike | number);
  }

  // ---- official getter/setter methods ----

  serveClient(): boolean;
  serveClient(v: boolean): this;
  serveClient(v?: boolean): boolean | this {
    if (v === undefined) return this._settings.serveClient;
    this._settings.serveClient = v;
    return this;
  }

  path(): string;
  path(v: string): this;
  path(v?: string): string | this {
    if (v === undefined) return this._settings.path;
    this._settings.path = v.replace(/\/$/, "");
    return this;
  }

  connectTimeout(): number;
  connectTimeout(v: number): this;
  connectTimeout(v?: number): number | this {
    if (v === undefined) return this._settings.connectTimeout;
    checkCount("connectTimeout", v, 0);
    this._settings.connectTimeout = v;
    return this;
  }

  adapter(): AdapterOption;
  adapter(v: AdapterOption): this;
  adapter(v?: AdapterOption): AdapterOption | this {
    if (v === undefined) return this._settings.adapter;
    this._settings.adapter = v;
    for (const nsp of this._nsps.values()) nsp._initAdapter();
    return this;
  }

  /**
   * The options as given, with connectionStateRecovery completed by its defaults (adapters read
   * it, as on the official server). Read-only.
   */
  get opts(): Readonly<ServerOptions> {
    return (this.#optsView ??= Object.freeze({
      ...this.#opts,
      connectionStateRecovery: this._settings.connectionStateRecovery,
    }));
  }

  #optsView: Readonly<ServerOptions> | undefined;

  /** The same options under the official server's public getter name (`io._opts`). */
  get _opts(): Readonly<ServerOptions> {
    return this.opts;
  }

  /** The Engine.IO server (the official name of `engine`). */
  get eio(): EngineLike | undefined {
    return this.engine;
  }

  // ---- engine ----

  /** Binds an Engine.IO server (engine.io 6 or @socketry/engine): its sessions become clients. */
  bind(engine: EngineLike): this {
    logServer("binding an engine");
    this.engine = engine;
    engine.on("connection", this.#onconnection);
    return this;
  }

  /** @internal Official name of the connection handler, for code that feeds sessions by hand. */
  onconnection(conn: EngineSocketLike): this {
    this.#onconnection(conn);
    return this;
  }

  /**
   * Creates the engine for attach()/listen(). The base class has none (it never imports an
   * engine): the `socketry` umbrella overrides this. `opts` are the engine options (path included).
   */
  protected createEngine(_srv: HttpServerLike, _opts: Record<string, unknown>): EngineLike {
    throw serverError(
      "ERR_SERVER_NO_ENGINE",
      "@socketry/server has no engine: use the `socketry` package for attach()/listen(), or create an engine and call io.bind(engine)",
    );
  }

  /** Attaches to an HTTP server, or creates one listening on `port`. */
  attach(srv: HttpServerLike | number | string, opts: ServerOptions = {}): this {
    if (typeof srv === "function") {
      throw invalidArgument(
        "ERR_SERVER_INVALID_ATTACH_TARGET",
        "attach() needs an http.Server instance, not a request handler function",
      );
    }
    const port = typeof srv === "number" || typeof srv === "string" ? Number(srv) : undefined;
    const server: HttpServerLike =
      port === undefined
        ? (srv as HttpServerLike)
        : createServer((_req, res) => {
            res.writeHead(404);
            res.end();
          });
    const engine = this.createEngine(server, engineOptions({ ...this.#opts, ...opts }, this._settings.path));
    this.httpServer = server;
    this.bind(engine);
    if (port !== undefined) (server as HttpServer).listen(port);
    return this;
  }

  listen(srv: HttpServerLike | number | string, opts: ServerOptions = {}): this {
    return this.attach(srv, opts);
  }

  // ---- namespaces ----

  /** The namespace `name` (created on first use), or a dynamic parent namespace for a RegExp or function. */
  of(
    name: string | RegExp | NamespaceMatcher,
    fn?: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void,
  ): Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    if (typeof name === "function" || name instanceof RegExp) {
      const parent = new ParentNamespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>(this);
      const matcher: NamespaceMatcher =
        typeof name === "function" ? name : (nsp, _auth, next) => next(null, name.test(nsp));
      this._parentNsps.set(matcher, parent);
      if (name instanceof RegExp) this.#parentsByRegExp.set(name, parent);
      if (fn) parent.on("connect", fn);
      return parent;
    }
    if (typeof name !== "string")
      throw invalidArgument("ERR_SERVER_INVALID_NAMESPACE", "namespace must be a string, a RegExp or a function");
    const fullName = name.charAt(0) === "/" ? name : "/" + name;
    let nsp = this._nsps.get(fullName);
    if (nsp === undefined) {
      // A name a RegExp parent matches becomes that parent's child, as if a client had asked for it.
      for (const [regexp, parent] of this.#parentsByRegExp) {
        if (!testName(regexp, fullName)) continue;
        nsp = parent.createChild(fullName);
        break;
      }
    }
    if (nsp === undefined) {
      nsp = new Namespace(this, fullName);
      this._registerNamespace(nsp);
    }
    if (fn) nsp.on("connect", fn);
    return nsp;
  }

  /** @internal Adds a namespace to the registry and announces it. */
  _registerNamespace(nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    this._nsps.set(nsp.name, nsp);
    this.emitReserved("new_namespace", nsp);
  }

  /** @internal Asks the dynamic matchers, in registration order, whether `name` exists. */
  _checkNamespace(
    name: string,
    auth: Record<string, unknown>,
    done: (
      nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | false,
      refusal?: { code: string },
    ) => void,
  ): void {
    const entries = [...this._parentNsps];
    const next = (index: number): void => {
      if (index === entries.length) return done(false);
      const [matcher, parent] = entries[index]!;
      let answered = false;
      const answer = (err: Error | null, allow: boolean) => {
        if (answered) return;
        answered = true;
        if (err || !allow) return next(index + 1);
        const existing = this._nsps.get(name);
        if (existing !== undefined) return done(existing);
        // A client names the children: without a cap it could create them without end.
        if (parent.children.size >= this._settings.maxChildNamespaces) {
          logServer("dynamic namespace %s refused: its parent has maxChildNamespaces children", name);
          return done(false, { code: "ERR_SERVER_TOO_MANY_CHILD_NAMESPACES" });
        }
        done(parent.createChild(name));
      };
      try {
        matcher(name, auth, answer);
      } catch (err) {
        // A matcher that throws on a client's name refuses it, it does not end the process.
        answer(err as Error, false);
      }
    };
    next(0);
  }

  // ---- the main namespace's API, on the server ----

  use(fn: ConnectMiddleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): this {
    this.sockets.use(fn);
    return this;
  }

  to(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.sockets.to(room);
  }

  in(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.sockets.in(room);
  }

  except(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.sockets.except(room);
  }

  override emit<Ev extends EventNames<RemoveAcknowledgements<EmitEvents>>>(
    ev: Ev,
    ...args: EventParams<RemoveAcknowledgements<EmitEvents>, Ev>
  ): boolean {
    if (isEmitterMetaEvent(ev)) return this.emitUntyped(ev, ...args);
    return this.sockets.emit(ev, ...args);
  }

  emitWithAck<Ev extends EventNames<EmitEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>[]> {
    return this.sockets.emitWithAck(ev, ...args);
  }

  send(...args: EventParams<EmitEvents, "message">): this {
    this.sockets.send(...args);
    return this;
  }

  write(...args: EventParams<EmitEvents, "message">): this {
    return this.send(...args);
  }

  get volatile(): Operator<EmitEvents, SocketData> {
    return this.sockets.volatile;
  }

  get local(): Operator<EmitEvents, SocketData> {
    return this.sockets.local;
  }

  compress(compress: boolean): Operator<EmitEvents, SocketData> {
    return this.sockets.compress(compress);
  }

  timeout(timeout: number): Operator<DecorateAcknowledgementsWithTimeoutAndMultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.timeout(timeout);
  }

  allSockets(): Promise<Set<SocketId>> {
    return this.sockets.allSockets();
  }

  fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    return this.sockets.fetchSockets();
  }

  socketsJoin(room: Room | Room[]): void {
    this.sockets.socketsJoin(room);
  }

  socketsLeave(room: Room | Room[]): void {
    this.sockets.socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.sockets.disconnectSockets(close);
  }

  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(
    ev: Ev,
    ...args: EventParams<DecorateAcknowledgementsWithTimeoutAndMultipleResponses<ServerSideEvents>, Ev>
  ): boolean {
    return this.sockets.serverSideEmit(ev, ...args);
  }

  serverSideEmitWithAck<Ev extends EventNames<ServerSideEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<ServerSideEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<ServerSideEvents, Ev>>>[]> {
    return this.sockets.serverSideEmitWithAck(ev, ...args);
  }

  /** The adapter of the main namespace. */
  get mainAdapter(): AdapterLike {
    return this.sockets.adapter;
  }

  // ---- listeners: "new_namespace" is the server's own; every other event is the main namespace's ----

  override on<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
    listener: ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    if (ev === "new_namespace") super.on(ev, listener as any);
    else this.sockets.on(ev as any, listener as any);
    return this;
  }

  override addListener<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
    listener: ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    return this.on(ev, listener as any);
  }

  override once<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
    listener: ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    if (ev === "new_namespace") super.once(ev, listener as any);
    else this.sockets.once(ev as any, listener as any);
    return this;
  }

  override off<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
    listener: ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    if (ev === "new_namespace") super.off(ev, listener as any);
    else this.sockets.off(ev as any, listener as any);
    return this;
  }

  override removeListener<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
    listener: ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    return this.off(ev, listener as any);
  }

  override listeners<Ev extends ServerEventNames<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>(
    ev: Ev,
  ): ServerListener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>[] {
    return (ev === "new_namespace" ? super.listeners(ev) : this.sockets.listeners(ev as any)) as any;
  }

  override listenerCount(ev: string | symbol, listener?: Listener): number {
    return ev === "new_namespace" ? super.listenerCount(ev, listener) : this.sockets.listenerCount(ev, listener);
  }

  override removeAllListeners(ev?: string | symbol): this {
    // EventEmitter tells "all events" from an explicit undefined by the argument count.
    if (ev === undefined) {
      super.removeAllListeners();
      this.sockets.removeAllListeners();
    } else if (ev === "new_namespace") {
      super.removeAllListeners(ev);
    } else {
      this.sockets.removeAllListeners(ev);
    }
    return this;
  }

  // ---- shutdown ----

  /**
   * Disconnects every socket ("server shutting down"), closes the adapters and the engine, then
   * the HTTP server if attach()/listen() was used (a server given only to bind() is left to its owner).
   */
  async close(fn?: (err?: Error) => void): Promise<void> {
    logServer("closing");
    for (const nsp of this._nsps.values()) {
      for (const socket of [...nsp.sockets.values()]) socket._onclose("server shutting down");
    }
    // Settled, not all: an adapter that fails to close (its Redis is down, say) must not keep the
    // engine and the HTTP server open, nor make close() reject (as officially).
    const closings = await Promise.allSettled([...this._nsps.values()].map(async (nsp) => nsp.adapter.close?.()));
    for (const closing of closings) {
      if (closing.status === "rejected") logServer("an adapter failed to close: %s", String(closing.reason));
    }
    this.engine?.close();
    this.engine?.removeListener?.("connection", this.#onconnection);
    const httpServer = this.httpServer;
    if (httpServer === undefined) {
      fn?.();
      return;
    }
    await new Promise<void>((resolve) => {
      httpServer.close((err?: Error) => {
        fn?.(err);
        resolve();
      });
    });
  }
}
