// biome-ignore-all lint/suspicious/noExplicitAny: event arguments are the user's types
// A namespace: its sockets, its middlewares, its adapter (rooms), and broadcasts to its sockets.
import { randomId } from "@socketry/shared";
import { AckRegistry } from "./ack-registry.js";
import type { AdapterLike, Room, SocketId } from "./adapter-types.js";
import { BroadcastOperator } from "./broadcast-operator.js";
import type { Client } from "./client.js";
import { logNamespace } from "./log.js";
import { runMiddlewares, type Middleware } from "./middleware.js";
import type { RemoteSocket } from "./remote-socket.js";
import { assertServerSideEmittable, isEmitterMetaEvent, isReservedServerSide } from "./reserved-events.js";
import type { Server } from "./server.js";
import { createAdapter } from "./server-options.js";
import { recoveryRequest, type RecoveredSession } from "./recovery.js";
import { Socket } from "./socket.js";
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
} from "./typed-events.js";
import { connectErrorPayload, isV2, v2SocketId } from "./v2-compat.js";
import { unawaited } from "./unawaited.js";

export interface NamespaceReservedEvents<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  ServerSideEvents extends EventsMap,
  SocketData,
> {
  connect: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void;
  connection: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void;
}

/** A middleware error may carry `data`, sent to the client with the connect_error. */
export type ConnectMiddleware<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  ServerSideEvents extends EventsMap,
  SocketData,
> = Middleware<Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>;

/** Broadcast operators take the raw event map; their emit() decorates acknowledgements. */
type Operator<EmitEvents extends EventsMap, SocketData> = BroadcastOperator<EmitEvents, SocketData>;

export class Namespace<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> extends StrictEventEmitter<
  ServerSideEvents,
  RemoveAcknowledgements<EmitEvents>,
  NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>
> {
  readonly name: string;
  readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** Connected sockets by id. */
  readonly sockets = new Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  adapter!: AdapterLike;
  /** Connection middlewares (io.use / nsp.use); semi-public, as officially. */
  _fns: ConnectMiddleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>[] = [];
  /** @internal The owner of this namespace's ack ids and timeouts. */
  readonly _acks = new AckRegistry();
  /** Sockets whose middlewares are still running, by id (not yet in `sockets`); semi-public, as officially. */
  readonly _preConnectSockets = new Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  /** @internal Session restorations in flight (the namespace is not empty while one runs). */
  _pending = 0;

  constructor(server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, name: string) {
    super();
    this.server = server;
    this.name = name;
    this._initAdapter();
  }

  /** Next acknowledgement id: adapters written for socket.io-adapter bump it (`nsp._ids++`); semi-public. */
  get _ids(): number {
    return this._acks.counter;
  }

  set _ids(value: number) {
    this._acks.counter = value;
  }

  /** @internal (Re)creates the adapter from the server's adapter class or factory. */
  _initAdapter(): void {
    this.adapter = createAdapter(this.server._settings.adapter, this);
    unawaited(this.adapter.init?.(), "init", this.name);
  }

  /** Registers a connection middleware: `fn(socket, next)`; `next(err)` refuses the connection. */
  use(fn: ConnectMiddleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): this {
    this._fns.push(fn);
    return this;
  }

  // ---- broadcasting ----

  #operator(): Operator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter);
  }

  to(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.#operator().to(room);
  }

  in(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.#operator().to(room);
  }

  except(room: Room | Room[]): Operator<EmitEvents, SocketData> {
    return this.#operator().except(room);
  }

  /** Emits to every socket of the namespace (a trailing function collects acknowledgements). */
  override emit<Ev extends EventNames<RemoveAcknowledgements<EmitEvents>>>(
    ev: Ev,
    ...args: EventParams<RemoveAcknowledgements<EmitEvents>, Ev>
  ): boolean {
    if (isEmitterMetaEvent(ev)) return this.emitUntyped(ev, ...args);
    return this.#operator().emit(ev, ...args);
  }

  emitWithAck<Ev extends EventNames<EmitEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>[]> {
    return this.#operator().emitWithAck(ev, ...(args as any));
  }

  send(...args: EventParams<EmitEvents, "message">): this {
    (this.emit as (...a: unknown[]) => boolean)("message", ...args);
    return this;
  }

  write(...args: EventParams<EmitEvents, "message">): this {
    return this.send(...args);
  }

  get volatile(): Operator<EmitEvents, SocketData> {
    return this.#operator().volatile;
  }

  get local(): Operator<EmitEvents, SocketData> {
    return this.#operator().local;
  }

  compress(compress: boolean): Operator<EmitEvents, SocketData> {
    return this.#operator().compress(compress);
  }

  timeout(timeout: number): Operator<DecorateAcknowledgementsWithTimeoutAndMultipleResponses<EmitEvents>, SocketData> {
    return this.#operator().timeout(timeout);
  }

  allSockets(): Promise<Set<SocketId>> {
    return this.#operator().allSockets();
  }

  fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    return this.#operator().fetchSockets() as Promise<RemoteSocket<EmitEvents, SocketData>[]>;
  }

  socketsJoin(room: Room | Room[]): void {
    this.#operator().socketsJoin(room);
  }

  socketsLeave(room: Room | Room[]): void {
    this.#operator().socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.#operator().disconnectSockets(close);
  }

  // ---- server-side events (between the servers of a cluster) ----

  /** Emits to the other servers; a trailing function gets `(err, responses)`. */
  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(
    ev: Ev,
    ...args: EventParams<DecorateAcknowledgementsWithTimeoutAndMultipleResponses<ServerSideEvents>, Ev>
  ): boolean {
    assertServerSideEmittable(ev);
    unawaited(this.adapter.serverSideEmit([ev, ...args]), "serverSideEmit", this.name);
    return true;
  }

  serverSideEmitWithAck<Ev extends EventNames<ServerSideEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<ServerSideEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<ServerSideEvents, Ev>>>[]> {
    return new Promise((resolve, reject) => {
      const ack = (err: Error | null, responses: any) => (err ? reject(err) : resolve(responses));
      (this.serverSideEmit as (...a: unknown[]) => boolean)(ev, ...args, ack);
    });
  }

  /** Called by adapters with an event from another server; semi-public (adapters call it). */
  _onServerSideEmit(args: [string, ...unknown[]]): void {
    if (!Array.isArray(args) || isReservedServerSide(args[0])) return;
    this.emitUntyped(...args);
  }

  // ---- connections ----

  /** @internal A client asks to join: restore its session if it asks and may, run the middlewares, then connect or refuse. */
  _add(
    client: Client<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    auth: Record<string, unknown> | undefined,
  ): void {
    const recovery = this.server._settings.connectionStateRecovery;
    const wanted =
      recovery !== undefined && auth !== undefined && !isV2(client.conn.protocol) ? recoveryRequest(auth) : undefined;
    if (wanted === undefined || typeof this.adapter.restoreSession !== "function") {
      this.#admit(client, auth, null);
      return;
    }
    this._pending++;
    this.adapter.restoreSession(wanted.pid, wanted.offset).then(
      (session) => {
        this._pending--;
        this.#admit(client, auth, session);
      },
      (err: unknown) => {
        this._pending--;
        logNamespace("%s could not restore a session: %s", this.name, (err as Error)?.message ?? String(err));
        this.#admit(client, auth, null);
      },
    );
  }

  #admit(
    client: Client<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    auth: Record<string, unknown> | undefined,
    session: RecoveredSession | null,
  ): void {
    if (client.conn.readyState !== "open") {
      client._joinSettled(this.name);
      if (this.#isEmpty()) this._onEmpty?.(this);
      return;
    }
    // A fresh random id (the engine id is a credential), except for v2 clients, which compute
    // theirs, and a recovered session, which keeps its own.
    const id =
      session !== null ? session.sid : isV2(client.conn.protocol) ? v2SocketId(this.name, client.id) : randomId();
    const socket = new Socket(this, client, auth, id);
    if (session !== null) socket._restore(session);
    const skip = session !== null && this.server._settings.connectionStateRecovery?.skipMiddlewares === true;
    // Without middlewares the verdict is immediate: no callback to allocate per connection, and no
    // user code runs before #settle, so nothing could see the socket in _preConnectSockets.
    if (this._fns.length === 0 || skip) {
      this.#settle(client, socket, null, session);
      return;
    }
    this._preConnectSockets.set(id, socket);
    runMiddlewares(this._fns, socket, (err) => this.#settle(client, socket, err, session));
  }

  #isEmpty(): boolean {
    return this.sockets.size === 0 && this._preConnectSockets.size === 0 && this._pending === 0;
  }

  /** The middlewares accepted (`err` null) or refused the socket: connect it, or answer connect_error. */
  #settle(
    client: Client<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    err: Error | null,
    session: RecoveredSession | null,
  ): void {
    this._preConnectSockets.delete(socket.id);
    client._joinSettled(this.name);
    if (client.conn.readyState !== "open") {
      // The client left while the middlewares ran.
      socket._abandon();
      if (this.#isEmpty()) this._onEmpty?.(this);
      return;
    }
    if (err) {
      const error = err as Error & { data?: unknown };
      const message = error instanceof Error ? error.message : String(error);
      logNamespace("%s refused client %s: %s", this.name, client.id, message);
      socket._error(connectErrorPayload(client.conn.protocol, message, error?.data));
      if (this.#isEmpty()) this._onEmpty?.(this);
      return;
    }
    if (logNamespace.enabled) logNamespace("%s accepted socket %s of client %s", this.name, socket.id, client.id);
    this.sockets.set(socket.id, socket);
    client._joined(socket);
    // As officially, the missed packets go first: the client keeps them until its CONNECT answer.
    if (session !== null) socket._replay(session.missedPackets);
    socket._onconnect();
    this.emitReserved("connect", socket);
    this.emitReserved("connection", socket);
  }

  /** @internal */
  _remove(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    this.sockets.delete(socket.id);
    if (this.#isEmpty()) this._onEmpty?.(this);
  }

  /** @internal Set on dynamic children when cleanupEmptyChildNamespaces is on. */
  _onEmpty: ((nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void) | undefined;
}
