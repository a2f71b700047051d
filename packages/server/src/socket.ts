// biome-ignore-all lint/suspicious/noExplicitAny: event arguments are the user's types
// One client's membership of one namespace: receives its events, emits to it, joins rooms.
// Per-socket memory is kept small: the ack map, middlewares, catch-all listeners, flags, data
// and the handshake are created on first use only.
import { PacketType } from "@socketry/parser";
import { withCompactListenerTable } from "@socketry/shared";
import type { AdapterLike, Room, SocketId } from "./adapter-types.js";
import { AckMap, failPendingAcks, promiseAck, type AckCallback } from "./ack-registry.js";
import { BroadcastOperator } from "./broadcast-operator.js";
import type { Client, OutgoingPacket } from "./client.js";
import type { DisconnectReason } from "./disconnect-reasons.js";
import type { EngineSocketLike, EngineWriteOptions } from "./engine-types.js";
import { serverError } from "./errors.js";
import { buildHandshake, type Handshake } from "./handshake.js";
import { runMiddlewares, type Middleware } from "./middleware.js";
import type { Namespace } from "./namespace.js";
import { assertEmittable, isEmitterMetaEvent, isReservedIncoming } from "./reserved-events.js";
import type { Server } from "./server.js";
import {
  StrictEventEmitter,
  type AllButLast,
  type DecorateAcknowledgements,
  type DecorateAcknowledgementsWithMultipleResponses,
  type DefaultEventsMap,
  type EventNames,
  type EventParams,
  type EventsMap,
  type FirstNonErrorArg,
  type Last,
} from "./typed-events.js";
import { connectPayload } from "./v2-compat.js";
import { isRecoverable, newPrivateSessionId, type RecoveredSession } from "./recovery.js";
import { unawaited } from "./unawaited.js";

export interface SocketReservedEvents {
  disconnect: (reason: DisconnectReason, description?: any) => void;
  disconnecting: (reason: DisconnectReason, description?: any) => void;
  error: (err: Error) => void;
}

/** Flags of the next emit only (volatile, compress(), timeout()). */
interface EmitFlags {
  volatile?: boolean;
  compress?: boolean;
  timeout?: number;
}

type AnyListener = (...args: any[]) => void;

/** What an event middleware (`socket.use`) gets: the event's name and its arguments (official name). */
export type Event = [string, ...any[]];

/** Refused by a middleware or disconnected: it never joins a room again. */
const STATE_ENDED = 1;
/** Resumed a session (connection state recovery). */
const STATE_RECOVERED = 2;
/** Disconnected with its session handed to the adapter for a recovery. */
const STATE_PERSISTED = 4;

/** A broadcast from a socket: as officially, `(err, answer)` acknowledgements get every answer. */
/**
 * A timestamp (about 1.7e12) does not fit V8's small-integer range, so a field holding one is a
 * 16-byte heap number per socket; the same time counted from process start fits it for 12 days
 * of uptime (and is still exact after that, only boxed again).
 */
const ISSUED_BASE = Date.now();

type SocketOperator<EmitEvents extends EventsMap, SocketData> = BroadcastOperator<
  DecorateAcknowledgementsWithMultipleResponses<EmitEvents>,
  SocketData
>;

// Shared write options: a socket emit allocates none.
const WRITE_PLAIN: EngineWriteOptions = { compress: true };
const WRITE_UNCOMPRESSED: EngineWriteOptions = { compress: false };
const WRITE_VOLATILE: EngineWriteOptions = { compress: true, volatile: true };
const WRITE_VOLATILE_UNCOMPRESSED: EngineWriteOptions = { compress: false, volatile: true };

function writeOptions(flags: EmitFlags | undefined): EngineWriteOptions {
  if (flags === undefined) return WRITE_PLAIN;
  const compress = flags.compress !== false;
  if (flags.volatile) return compress ? WRITE_VOLATILE : WRITE_VOLATILE_UNCOMPRESSED;
  return compress ? WRITE_PLAIN : WRITE_UNCOMPRESSED;
}

export class Socket<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> extends StrictEventEmitter<ListenEvents, EmitEvents, SocketReservedEvents> {
  readonly id: SocketId;
  readonly nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  readonly client: Client<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** True between the CONNECT answer and the disconnection. */
  connected = false;

  /** Connection time as ms since ISSUED_BASE (see there). */
  #issuedSinceBase: number;
  /** STATE_* bits: one small integer instead of a field per flag (per-socket memory). */
  #state = 0;
  /** Private session id (connection state recovery only). */
  #pid: string | undefined;
  #auth: Record<string, unknown> | undefined;
  #handshake: Handshake | undefined;
  #data: SocketData | undefined;
  #acks: AckMap | undefined;
  #fns: Middleware<Event>[] | undefined;
  #anyListeners: AnyListener[] | undefined;
  #anyOutgoingListeners: AnyListener[] | undefined;
  #flags: EmitFlags | undefined;

  constructor(
    nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    client: Client<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    auth: Record<string, unknown> | undefined,
    id: SocketId,
  ) {
    super();
    // The user's handlers (socket.on) go into a fast table instead of Node's hash dictionary.
    withCompactListenerTable(this);
    this.nsp = nsp;
    this.client = client;
    this.id = id;
    this.#auth = auth;
    this.#issuedSinceBase = Date.now() - ISSUED_BASE;
  }

  get server(): Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    return this.nsp.server;
  }

  get adapter(): AdapterLike {
    return this.nsp.adapter;
  }

  /** The engine session (Engine.IO socket) this socket runs on. */
  get conn(): EngineSocketLike {
    return this.client.conn;
  }

  get request(): EngineSocketLike["request"] {
    return this.client.request;
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** Whether this socket resumed a session (id, rooms, data, missed packets) after a short disconnection. */
  get recovered(): boolean {
    return (this.#state & STATE_RECOVERED) !== 0;
  }

  get handshake(): Handshake {
    if (this.#handshake === undefined) {
      this.#handshake = buildHandshake(this.client.conn, this.#auth ?? {}, ISSUED_BASE + this.#issuedSinceBase);
      this.#auth = undefined;
    }
    return this.#handshake;
  }

  /** Free-form data shared with fetchSockets() across the cluster. */
  get data(): SocketData {
    return (this.#data ??= {} as SocketData);
  }

  set data(value: SocketData) {
    this.#data = value;
  }

  /** Pending acknowledgements by packet id (semi-public: adapters add broadcast acks here). */
  get acks(): Map<number, AckCallback> {
    return (this.#acks ??= new AckMap());
  }

  get rooms(): Set<Room> {
    return this.adapter.socketRooms(this.id) ?? new Set();
  }

  // ---- emitting ----

  override emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    if (isEmitterMetaEvent(ev)) return this.emitUntyped(ev, ...args);
    assertEmittable(ev);
    const flags = this.#flags;
    this.#flags = undefined;
    const data: unknown[] = [ev, ...args];
    const last = data[data.length - 1];
    // Not connected yet: a middleware is deciding. As officially, what it emits goes out before
    // the CONNECT answer, and the client delivers it once connected (@socket.io/admin-ui sends
    // its session id so). It has no session yet to keep it for a recovery: it goes straight out.
    const pending = !this.connected && (this.#state & STATE_ENDED) === 0;
    // A socket whose session was kept for a recovery still takes emits without ack: the adapter
    // keeps them for its return, as officially. Any other ended socket takes nothing.
    if (!this.connected && !pending && !((this.#state & STATE_PERSISTED) !== 0 && typeof last !== "function"))
      return false;
    const packet: OutgoingPacket = { type: PacketType.EVENT, nsp: this.nsp.name, data };
    if (typeof last === "function") {
      data.pop();
      packet.id = this.#registerAck(last as AckCallback, flags?.timeout);
    }
    if (!pending && this.server._settings.connectionStateRecovery !== undefined) {
      // Through the adapter, which stores it (with its offset) for a recovery.
      this.adapter.broadcast(packet, { rooms: new Set([this.id]), except: new Set(), flags: writeOptions(flags) });
      return true;
    }
    this.notifyOutgoingListeners(packet);
    this.client._packet(packet, writeOptions(flags));
    return true;
  }

  /**
   * @internal Writes one packet to this socket's client, as the official `socket.packet()`.
   * Adapters written for socket.io-adapter 2.0–2.2 (socket.io-redis 6, the Socket.IO v3 era's)
   * broadcast through it, with the parser's output (`preEncoded`).
   */
  packet(packet: OutgoingPacket | unknown[], opts: EngineWriteOptions = {}): void {
    if (!opts.preEncoded) (packet as OutgoingPacket).nsp = this.nsp.name;
    this.client._packet(packet, opts);
  }

  #registerAck(callback: AckCallback, timeout: number | undefined): number {
    const acks = this.acks;
    const settings = this.server._settings;
    if (acks.size >= settings.maxPendingAcks) {
      throw serverError(
        "ERR_SERVER_TOO_MANY_PENDING_ACKS",
        `socket ${this.id} already waits for ${acks.size} acknowledgements (maxPendingAcks)`,
      );
    }
    return this.nsp._acks.addSocketAck(
      acks,
      callback,
      timeout,
      timeout === undefined ? settings.ackTimeout : undefined,
    );
  }

  /** Emits and resolves with the client's answer; rejects on timeout (timeout() or ackTimeout). */
  emitWithAck<Ev extends EventNames<EmitEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>> {
    if ((this.#state & STATE_ENDED) !== 0) {
      this.#flags = undefined;
      return Promise.reject(serverError("ERR_SERVER_SOCKET_DISCONNECTED", "socket is not connected"));
    }
    const timeout = this.#flags?.timeout ?? this.server._settings.ackTimeout;
    if (timeout !== undefined) (this.#flags ??= {}).timeout = timeout;
    return new Promise((resolve, reject) => {
      (this.emit as (...a: unknown[]) => boolean)(ev, ...args, promiseAck(timeout !== undefined, resolve, reject));
    });
  }

  send(...args: EventParams<EmitEvents, "message">): this {
    (this.emit as (...a: unknown[]) => boolean)("message", ...args);
    return this;
  }

  write(...args: EventParams<EmitEvents, "message">): this {
    return this.send(...args);
  }

  /** The next emit may be dropped if the client is not ready to receive it. */
  get volatile(): this {
    (this.#flags ??= {}).volatile = true;
    return this;
  }

  compress(compress: boolean): this {
    (this.#flags ??= {}).compress = compress;
    return this;
  }

  /** The acknowledgement of the next emit must come within `timeout` ms; its callback gets an error first. */
  timeout(timeout: number): Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>, ServerSideEvents, SocketData> {
    (this.#flags ??= {}).timeout = timeout;
    return this as unknown as Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>, ServerSideEvents, SocketData>;
  }

  // ---- broadcasting from this socket (everyone but itself) ----

  #operator(flags?: { local?: boolean }): SocketOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, new Set(), new Set([this.id]), flags);
  }

  to(room: Room | Room[]): SocketOperator<EmitEvents, SocketData> {
    return this.#operator().to(room);
  }

  in(room: Room | Room[]): SocketOperator<EmitEvents, SocketData> {
    return this.#operator().to(room);
  }

  except(room: Room | Room[]): SocketOperator<EmitEvents, SocketData> {
    return this.#operator().except(room);
  }

  get broadcast(): SocketOperator<EmitEvents, SocketData> {
    return this.#operator();
  }

  get local(): SocketOperator<EmitEvents, SocketData> {
    return this.#operator({ local: true });
  }

  // ---- rooms ----

  /** Joins rooms; a socket that was refused or has disconnected joins nothing. */
  join(rooms: Room | Room[]): Promise<void> | void {
    if ((this.#state & STATE_ENDED) !== 0) return;
    return this.adapter.addAll(this.id, new Set(Array.isArray(rooms) ? rooms : [rooms]));
  }

  leave(room: Room): Promise<void> | void {
    return this.adapter.del(this.id, room);
  }

  /** Leaves every room, its own included. */
  leaveAll(): void {
    unawaited(this.adapter.delAll(this.id), "delAll", this.nsp.name);
  }

  // ---- middlewares and catch-all listeners ----

  /** Registers a middleware run for each incoming event: `fn([event, ...args], next)`. */
  use(fn: Middleware<Event>): this {
    (this.#fns ??= []).push(fn);
    return this;
  }

  onAny(listener: AnyListener): this {
    (this.#anyListeners ??= []).push(listener);
    return this;
  }

  prependAny(listener: AnyListener): this {
    (this.#anyListeners ??= []).unshift(listener);
    return this;
  }

  offAny(listener?: AnyListener): this {
    this.#anyListeners = removeListener(this.#anyListeners, listener);
    return this;
  }

  listenersAny(): AnyListener[] {
    return this.#anyListeners?.slice() ?? [];
  }

  onAnyOutgoing(listener: AnyListener): this {
    (this.#anyOutgoingListeners ??= []).push(listener);
    return this;
  }

  prependAnyOutgoing(listener: AnyListener): this {
    (this.#anyOutgoingListeners ??= []).unshift(listener);
    return this;
  }

  offAnyOutgoing(listener?: AnyListener): this {
    this.#anyOutgoingListeners = removeListener(this.#anyOutgoingListeners, listener);
    return this;
  }

  listenersAnyOutgoing(): AnyListener[] {
    return this.#anyOutgoingListeners?.slice() ?? [];
  }

  /** Runs the onAnyOutgoing listeners for a packet about to be sent (also called by adapters). */
  notifyOutgoingListeners(packet: { data?: unknown }): void {
    const listeners = this.#anyOutgoingListeners;
    if (listeners === undefined || listeners.length === 0 || !Array.isArray(packet.data)) return;
    for (const listener of listeners.slice()) listener.apply(this, packet.data);
  }

  // ---- disconnection ----

  /** Leaves the namespace; with `close`, closes the whole engine session. */
  disconnect(close = false): this {
    if (!this.connected) return this;
    if (close) {
      this.client._disconnect();
    } else {
      this.client._packet({ type: PacketType.DISCONNECT, nsp: this.nsp.name }, WRITE_PLAIN);
      this._onclose("server namespace disconnect");
    }
    return this;
  }

  // ---- called by the namespace and the client ----

  /** @internal The namespace accepted the socket: join its own room and answer CONNECT. */
  _onconnect(): void {
    this.connected = true;
    unawaited(this.join(this.id), "addAll", this.nsp.name);
    const data = connectPayload(this.client.conn.protocol, this.id) as { sid: string; pid?: string } | undefined;
    if (data !== undefined && this.server._settings.connectionStateRecovery !== undefined) {
      data.pid = this.#pid ??= newPrivateSessionId();
    }
    this.client._packet({ type: PacketType.CONNECT, nsp: this.nsp.name, data }, WRITE_PLAIN);
  }

  /** @internal A recovered session: same id (given to the constructor), pid, rooms and data. */
  _restore(session: RecoveredSession): void {
    this.#pid = session.pid;
    this.#state |= STATE_RECOVERED;
    this.#data = session.data as SocketData;
    if (session.rooms.length > 0) unawaited(this.join(session.rooms), "addAll", this.nsp.name);
  }

  /** @internal Sends the packets the recovered session missed, before its CONNECT answer. */
  _replay(missedPackets: unknown[][]): void {
    for (const data of missedPackets) {
      this.client._packet({ type: PacketType.EVENT, nsp: this.nsp.name, data }, WRITE_PLAIN);
    }
  }

  /** @internal Refuses the connection with a CONNECT_ERROR packet; rooms joined by middlewares are left. */
  _error(payload: unknown): void {
    this.#state |= STATE_ENDED;
    this.leaveAll();
    this.client._packet({ type: PacketType.CONNECT_ERROR, nsp: this.nsp.name, data: payload }, WRITE_PLAIN);
    // Acknowledgements asked for by a middleware's emits will not come.
    if (this.#acks !== undefined) failPendingAcks(this.#acks);
  }

  /** @internal The client left while the middlewares ran: nothing to answer, rooms to leave. */
  _abandon(): void {
    this.#state |= STATE_ENDED;
    this.leaveAll();
    if (this.#acks !== undefined) failPendingAcks(this.#acks);
  }

  /** @internal A decoded packet for this namespace. */
  _onpacket(packet: { type: number; data?: unknown; id?: number }): void {
    if (!this.connected) return;
    switch (packet.type) {
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT:
        // Through the method, not the private field: a tool may have replaced it on the instance.
        this.onevent(packet);
        return;
      case PacketType.ACK:
      case PacketType.BINARY_ACK:
        this.#onack(packet.data, packet.id);
        return;
      case PacketType.DISCONNECT:
        this._onclose("client namespace disconnect");
        return;
    }
  }

  /**
   * @internal An EVENT packet, as the official `socket.onevent()`: tools of the v2/v3 era replace
   * it on the instance (socketio-wildcard's "*" event) and call `socket.ack(id)` themselves.
   */
  onevent(packet: { data?: unknown; id?: number }): void {
    this.#onevent(packet.data, packet.id);
  }

  /** @internal The acknowledgement function for packet `id`, as the official `socket.ack()`. */
  ack(id: number): AckCallback {
    return this.#ackFor(id);
  }

  #onevent(data: unknown, id: number | undefined): void {
    if (!Array.isArray(data) || data.length === 0) return;
    const ev: unknown = data[0];
    // "error" is the server's own event: a client sending one never reaches socket.on("error").
    if ((typeof ev !== "string" && typeof ev !== "number") || ev === "error" || isReservedIncoming(ev)) return;
    const args: unknown[] = data;
    if (id !== undefined && id !== null) args.push(this.#ackFor(id));
    const anyListeners = this.#anyListeners;
    if (anyListeners !== undefined && anyListeners.length > 0) {
      for (const listener of anyListeners.slice()) listener.apply(this, args);
    }
    if (this.#fns === undefined) {
      process.nextTick(dispatchEvent, this, args);
      return;
    }
    // A numeric event name reaches the middlewares as the client sent it, as officially.
    runMiddlewares(this.#fns, args as Event, (err) => {
      if (err) this._onerror(err);
      else process.nextTick(dispatchEvent, this, args);
    });
  }

  /**
   * @internal One tick after the packet was handled, as on the official server: a DISCONNECT
   * that came with it is handled first, and the event of a socket gone by then is ignored.
   */
  _dispatch(args: unknown[]): void {
    if (!this.connected) return;
    if (typeof args[0] !== "string") args[0] = String(args[0]);
    this.emitUntypedList(args as [string, ...unknown[]]);
  }

  /** The function handed to listeners for an event that asked for an acknowledgement. */
  #ackFor(id: number): AckCallback {
    let sent = false;
    return (...args: unknown[]) => {
      if (sent || !this.connected) return;
      sent = true;
      this.client._packet({ type: PacketType.ACK, nsp: this.nsp.name, id, data: args }, WRITE_PLAIN);
    };
  }

  #onack(data: unknown, id: number | undefined): void {
    const acks = this.#acks;
    if (acks === undefined || typeof id !== "number") return;
    const ack = acks.get(id);
    if (typeof ack !== "function") return; // unknown or already answered: ignored
    acks.delete(id);
    ack.apply(this, Array.isArray(data) ? data : [data]);
  }

  /** @internal An error for this socket (middleware rejection, invalid packet): only if someone listens. */
  _onerror(err: Error): void {
    if (this.listenerCount("error") > 0) this.emitReserved("error", err);
  }

  /** @internal Leaves the namespace with `reason`; idempotent. */
  _onclose(reason: DisconnectReason, description?: unknown): void {
    if (!this.connected) return;
    this.emitReserved("disconnecting", reason, description);
    if (this.#pid !== undefined && isRecoverable(reason)) {
      unawaited(
        this.adapter.persistSession?.({ sid: this.id, pid: this.#pid, rooms: [...this.rooms], data: this.#data }),
        "persistSession",
        this.nsp.name,
      );
      this.#state |= STATE_PERSISTED;
    }
    this.#state |= STATE_ENDED;
    this.leaveAll();
    this.nsp._remove(this);
    this.client._remove(this);
    this.connected = false;
    this.emitReserved("disconnect", reason, description);
    if (this.#acks !== undefined) failPendingAcks(this.#acks);
  }
}

function dispatchEvent(socket: Socket<any, any, any, any>, args: unknown[]): void {
  socket._dispatch(args);
}

function removeListener(list: AnyListener[] | undefined, listener: AnyListener | undefined): AnyListener[] | undefined {
  if (list === undefined || listener === undefined) return undefined;
  const index = list.indexOf(listener);
  if (index !== -1) list.splice(index, 1);
  return list.length === 0 ? undefined : list;
}
