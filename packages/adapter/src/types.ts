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
  readonly preEncoded: true;
  readonly volatile?: boolean;
  readonly compress?: boolean;
  /** The WebSocket frame of a broadcast encoded as one string (the official contract; built on first read). */
  readonly wsPreEncodedFrame?: Buffer[];
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

/** The server options the adapters read (those of connection state recovery). */
export interface AdapterServerOptions {
  readonly connectionStateRecovery?: {
    readonly maxDisconnectionDuration?: number;
    readonly [option: string]: unknown;
  };
}

/** What the adapter needs from its namespace. */
export interface AdapterNamespace {
  readonly name: string;
  readonly sockets: Map<SocketId, AdapterSocket>;
  readonly server: { readonly encoder: PacketEncoder; readonly opts?: AdapterServerOptions };
  /** Next id for a broadcast with ack; the server's namespace keeps the counter. */
  _ids?: number;
  /** Runs the namespace's server-side listeners for an event emitted by another server. */
  _onServerSideEmit?(args: unknown[]): void;
}

/** What the server hands to `persistSession` when a socket of a recoverable session disconnects. */
export interface SessionToPersist {
  sid: SocketId;
  pid: PrivateSessionId;
  rooms: Room[];
  data: unknown;
}

/** A restored session: the saved state and the packets the client missed, oldest first. */
export type Session = SessionToPersist & {
  missedPackets: unknown[][];
};
