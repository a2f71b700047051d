import { EventEmitter } from "node:events";
import type {
  AdapterNamespace,
  AdapterPacket,
  AdapterSocket,
  BroadcastOptions,
  PacketEncoder,
  PrivateSessionId,
  Room,
  Session,
  SessionToPersist,
  SocketId,
} from "./types.js";
import { BroadcastWriteOptions } from "./write-options.js";

type Ack = (...args: unknown[]) => void;

/**
 * The default, single-process adapter: it keeps which socket is in which room and delivers
 * broadcasts to the local sockets. Distributed adapters extend it and override the methods that
 * must reach other servers. Events: "create-room", "delete-room" (room), "join-room",
 * "leave-room" (room, socket id).
 */
export class Adapter extends EventEmitter {
  readonly nsp: AdapterNamespace;
  readonly rooms: Map<Room, Set<SocketId>> = new Map();
  readonly sids: Map<SocketId, Set<Room>> = new Map();
  protected readonly encoder: PacketEncoder;

  constructor(nsp: AdapterNamespace) {
    super();
    this.nsp = nsp;
    this.encoder = nsp.server.encoder;
  }

  /** Called once the namespace has created the adapter; a distributed adapter subscribes here. */
  init(): Promise<void> | void {}

  /** Called when the server closes; a distributed adapter unsubscribes here. */
  close(): Promise<void> | void {}

  /** Number of servers in the cluster: always 1 here. */
  serverCount(): Promise<number> {
    return Promise.resolve(1);
  }

  addAll(id: SocketId, rooms: Set<Room>): Promise<void> | void {
    let joined = this.sids.get(id);
    if (joined === undefined) {
      if (rooms.size === 1 && rooms.has(id) && !this.rooms.has(id)) {
        this.#addOwnRoom(id);
        return;
      }
      joined = new Set();
      this.sids.set(id, joined);
    } else {
      joined = this.#splitShared(id, joined);
    }
    for (const room of rooms) {
      joined.add(room);
      let members = this.rooms.get(room);
      if (!members) {
        members = new Set();
        this.rooms.set(room, members);
        this.emit("create-room", room);
      } else if (room !== id) {
        this.#splitShared(room, members);
      }
      if (!members.has(id)) {
        members.add(id);
        this.emit("join-room", room, id);
      }
    }
  }

  /**
   * Every socket first joins its own room, alone: one Set (holding just its id) then serves as
   * both its entry in `sids` and the room's members in `rooms`, 150 bytes less per connection.
   * The two are split (#splitShared) before either would change.
   */
  #addOwnRoom(id: SocketId): void {
    const own = new Set<string>([id]);
    this.sids.set(id, own);
    this.rooms.set(id, own);
    this.emit("create-room", id);
    this.emit("join-room", id, id);
  }

  /**
   * If `set` serves both maps under `key`, `sids` gets a copy of it and `rooms` keeps it. Returns
   * the set `sids` now holds for `key` (the copy, or `set` itself when nothing was shared).
   */
  #splitShared(key: string, set: Set<string>): Set<string> {
    if (this.sids.get(key) !== set || this.rooms.get(key) !== set) return set;
    const copy = new Set(set);
    this.sids.set(key, copy);
    return copy;
  }

  del(id: SocketId, room: Room): Promise<void> | void {
    const joined = this.sids.get(id);
    if (joined !== undefined) this.#splitShared(id, joined).delete(room);
    this.removeFromRoom(room, id);
  }

  delAll(id: SocketId): void {
    const joined = this.sids.get(id);
    if (!joined) return;
    // A shared set empties as its room is left; iterating a Set while deleting from it is defined.
    for (const room of joined) this.removeFromRoom(room, id);
    this.sids.delete(id);
  }

  private removeFromRoom(room: Room, id: SocketId): void {
    const members = this.rooms.get(room);
    if (!members?.delete(id)) return;
    // The official adapter's order: the socket leaves, then the emptied room is deleted.
    this.emit("leave-room", room, id);
    if (members.size === 0 && this.rooms.delete(room)) this.emit("delete-room", room);
  }

  /** Sends one packet to every matching local socket; it is encoded once for all of them. */
  broadcast(packet: AdapterPacket, opts: BroadcastOptions): void {
    packet.nsp = this.nsp.name;
    this.writeEncoded(packet, this.encoder.encode(packet), opts);
  }

  /** Hands an encoded packet to every matching local socket, with one shared options object. */
  protected writeEncoded(packet: AdapterPacket, encoded: unknown[], opts: BroadcastOptions): void {
    const writeOptions = new BroadcastWriteOptions(opts, encoded);
    this.apply(opts, (socket) => {
      socket.notifyOutgoingListeners?.(packet);
      socket.client.writeToEngine(encoded, writeOptions);
    });
  }

  /**
   * Like broadcast, but every recipient may acknowledge: `ack` runs once per answer, and
   * `clientCountCallback` learns how many answers to expect. With `flags.timeout`, the entries of
   * recipients that have not answered by then are removed from their ack maps (here, so it holds
   * for every namespace and for broadcasts that arrive from other nodes).
   */
  broadcastWithAck(
    packet: AdapterPacket,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: Ack,
  ): void {
    packet.nsp = this.nsp.name;
    packet.id = nextAckId(this.nsp);
    const id = packet.id;
    const encoded = this.encoder.encode(packet);
    const writeOptions = new BroadcastWriteOptions(opts, encoded);
    const timeout = opts.flags?.timeout;
    const waiting: AdapterSocket[] | undefined = timeout === undefined ? undefined : [];
    let clientCount = 0;
    this.apply(opts, (socket) => {
      clientCount++;
      socket.acks?.set(id, ack);
      waiting?.push(socket);
      socket.notifyOutgoingListeners?.(packet);
      socket.client.writeToEngine(encoded, writeOptions);
    });
    clientCountCallback(clientCount);
    if (waiting !== undefined && waiting.length > 0) setTimeout(forgetUnanswered, timeout, waiting, id, ack).unref();
  }

  /** Ids of the sockets in any of `rooms` (all sockets when `rooms` is empty). */
  sockets(rooms: Set<Room>): Promise<Set<SocketId>> {
    const ids = new Set<SocketId>();
    this.apply({ rooms }, (socket) => ids.add(socket.id));
    return Promise.resolve(ids);
  }

  /** The rooms a socket is in, or undefined for an unknown socket. */
  socketRooms(id: SocketId): Set<Room> | undefined {
    return this.sids.get(id);
  }

  fetchSockets(opts: BroadcastOptions): Promise<AdapterSocket[]> {
    const found: AdapterSocket[] = [];
    this.apply(opts, (socket) => found.push(socket));
    return Promise.resolve(found);
  }

  addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const socket of this.matching(opts)) socket.join(rooms);
  }

  delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const socket of this.matching(opts)) for (const room of rooms) socket.leave(room);
  }

  disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    for (const socket of this.matching(opts)) socket.disconnect(close);
  }

  /**
   * Emits to the other servers of the cluster. A single process has none, so nothing is sent and
   * an acknowledgement callback (the last element, if a function) gets an empty list at once.
   */
  serverSideEmit(packet: unknown[]): void {
    const last = packet[packet.length - 1];
    if (typeof last === "function") queueMicrotask(() => (last as Ack)(null, []));
  }

  /**
   * Connection state recovery: saves a disconnected socket's session. This adapter keeps none
   * (SessionAwareAdapter does).
   */
  persistSession(_session: SessionToPersist): void {}

  /** The saved session with the packets it missed since `offset`, or null; always null here. */
  restoreSession(_pid: PrivateSessionId, _offset: string): Promise<Session | null> {
    return Promise.resolve(null);
  }

  /** Snapshot of the matching sockets, for operations that change rooms while they run. */
  private matching(opts: BroadcastOptions): AdapterSocket[] {
    const found: AdapterSocket[] = [];
    this.apply(opts, (socket) => found.push(socket));
    return found;
  }

  /** Calls `fn` once for each local socket matching the rooms and exceptions of `opts`. */
  protected apply(opts: BroadcastOptions, fn: (socket: AdapterSocket) => void): void {
    const sockets = this.nsp.sockets;
    const except = this.exceptedIds(opts.except);
    const rooms = opts.rooms;
    if (rooms.size === 0) {
      for (const id of this.sids.keys()) {
        if (except?.has(id)) continue;
        const socket = sockets.get(id);
        if (socket) fn(socket);
      }
      return;
    }
    if (rooms.size === 1) {
      // The common case needs no de-duplication set.
      const [room] = rooms;
      const members = this.rooms.get(room as Room);
      if (!members) return;
      for (const id of members) {
        if (except?.has(id)) continue;
        const socket = sockets.get(id);
        if (socket) fn(socket);
      }
      return;
    }
    const seen = new Set<SocketId>();
    for (const room of rooms) {
      const members = this.rooms.get(room);
      if (!members) continue;
      for (const id of members) {
        if (seen.has(id) || except?.has(id)) continue;
        seen.add(id);
        const socket = sockets.get(id);
        if (socket) fn(socket);
      }
    }
  }

  /** Socket ids in any of the excepted rooms (a socket id is also the name of its own room). */
  protected exceptedIds(exceptRooms: Set<Room> | undefined): Set<SocketId> | undefined {
    if (!exceptRooms || exceptRooms.size === 0) return undefined;
    const ids = new Set<SocketId>();
    for (const room of exceptRooms) {
      const members = this.rooms.get(room);
      if (members) for (const id of members) ids.add(id);
    }
    return ids;
  }
}

function forgetUnanswered(sockets: AdapterSocket[], id: number, ack: Ack): void {
  for (const socket of sockets) if (socket.acks?.get(id) === ack) socket.acks.delete(id);
}

function nextAckId(nsp: AdapterNamespace): number {
  const id = nsp._ids ?? 0;
  nsp._ids = id + 1;
  return id;
}
