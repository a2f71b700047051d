// The shapes the adapter shares with the server. They mirror socket.io-adapter's, so official
// adapters built on socket.io-adapter and adapters built on this package are interchangeable.

export type SocketId = string;
export type Room = string;
/** Session id kept by connection state recovery; never sent to other clients. */
export type PrivateSessionId = string;

export interface BroadcastFlags {
  volatile?: boolean;
  compress?: boolean;
  local?: boolean;
  broadcast?: boolean;
  binary?: boolean;
  /** Milliseconds to wait for the acknowledgements of a broadcast with ack. */
  timeout?: number;
}

export interface BroadcastOptions {
  rooms: Set<Room>;
  except?: Set<Room>;
  flags?: BroadcastFlags;
}

/** A Socket.IO packet as the adapter sees it before encoding. */
export interface AdapterPacket {
  type: number;
  nsp?: string;
  data?: unknown;
  id?: number;
  [key: string]: unknown;
}

/** Options handed to the engine for each write; one object is shared by every recipient of a broadcast. */
export interface WriteOptions {
  preEncoded: true;
  volatile?: boolean;
  compress?: boolean;
}

export interface PacketEncoder {
  encode(packet: AdapterPacket): unknown[];
}

/** What the adapter needs from a server-side socket. */
export interface AdapterSocket {
  readonly id: SocketId;
  readonly client: { writeToEngine(encodedPackets: unknown[], opts: WriteOptions): void };
  readonly handshake?: unknown;
  readonly rooms?: Set<Room>;
  readonly data?: unknown;
  join(rooms: Room | Room[]): unknown;
  leave(room: Room): unknown;
  disconnect(close?: boolean): unknown;
  /** Runs the socket's onAnyOutgoing listeners; absent on servers without that feature. */
  notifyOutgoingListeners?: (packet: AdapterPacket) => void;
  /** Pending acknowledgements by packet id, used by broadcasts with ack. */
  acks?: Map<number, (...args: unknown[]) => void>;
}

/** What the adapter needs from its namespace. */
export interface AdapterNamespace {
  readonly name: string;
  readonly sockets: Map<SocketId, AdapterSocket>;
  readonly server: { readonly encoder: PacketEncoder };
  /** Next id for a broadcast with ack; the server's namespace keeps the counter. */
  _ids?: number;
}

/** A session saved for connection state recovery. */
export interface Session {
  sid: SocketId;
  pid: PrivateSessionId;
  rooms: Room[];
  data: unknown;
  missedPackets?: unknown[][];
}
