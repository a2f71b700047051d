// The Socket.IO v5 packet model: what the encoder takes and the decoder emits.

/** Socket.IO protocol revision implemented by this codec. */
export const protocol = 5;

export enum PacketType {
  CONNECT = 0,
  DISCONNECT = 1,
  EVENT = 2,
  ACK = 3,
  CONNECT_ERROR = 4,
  BINARY_EVENT = 5,
  BINARY_ACK = 6,
}

export interface Packet {
  type: PacketType;
  nsp: string;
  // biome-ignore lint/suspicious/noExplicitAny: application data, any JSON value plus binary
  data?: any;
  id?: number;
  attachments?: number;
}

/**
 * Event names a peer may not send: the server emits these itself, so accepting them from the
 * network would let a client fake a lifecycle event (same list as the official parser).
 */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);
