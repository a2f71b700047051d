// biome-ignore-all lint/suspicious/noExplicitAny: packets and sockets cross the adapter boundary untyped
// The adapter as the server uses it: the socket.io-adapter interface, so @socketry/adapter,
// adapters built on it and adapters built on the official socket.io-adapter all fit.
import type { PersistedSession, RecoveredSession } from "./recovery.js";
import type { BroadcastFlags, BroadcastOptions, Room, SocketId } from "@socketry/adapter";

export interface AdapterLike {
  readonly rooms: Map<Room, Set<SocketId>>;
  readonly sids: Map<SocketId, Set<Room>>;
  init?(): Promise<void> | void;
  close?(): Promise<void> | void;
  addAll(id: SocketId, rooms: Set<Room>): Promise<void> | void;
  del(id: SocketId, room: Room): Promise<void> | void;
  delAll(id: SocketId): void;
  broadcast(packet: any, opts: BroadcastOptions): void;
  broadcastWithAck(
    packet: any,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: (...args: any[]) => void,
  ): void;
  sockets(rooms: Set<Room>): Promise<Set<SocketId>>;
  socketRooms(id: SocketId): Set<Room> | undefined;
  fetchSockets(opts: BroadcastOptions): Promise<any[]>;
  addSockets(opts: BroadcastOptions, rooms: Room[]): void;
  delSockets(opts: BroadcastOptions, rooms: Room[]): void;
  disconnectSockets(opts: BroadcastOptions, close: boolean): void;
  serverSideEmit(packet: any[]): void;
  /** Connection state recovery: keeps a disconnected socket's state (and the packets it will miss). */
  persistSession?(session: PersistedSession): Promise<void> | void;
  /** Connection state recovery: the session with its missed packets, or null (unknown pid, expired or unknown offset). */
  restoreSession?(pid: string, offset: string): Promise<RecoveredSession | null>;
  /** Servers in the cluster; a broadcast with ack waits for one client count from each. Absent means 1. */
  serverCount?(): Promise<number>;
}

export type { BroadcastFlags, BroadcastOptions, Room, SocketId };
