// The message format of the official sharded adapter (the socket.io-adapter ClusterAdapter
// messages): `{ uid, nsp, type, data }`, JSON, or msgpack when the data holds binary. Every message
// goes to `<prefix>#<nsp>#` (or `<prefix>#<nsp>#<room>#` for a single-room broadcast in the dynamic
// modes); answers go to the requester's own `<prefix>#<nsp>#<uid>#`.
import type { Room } from "@socketry/adapter";
import type { InterNodeParser } from "./options.js";
import { hasBinary } from "./util.js";

export const MessageType = {
  INITIAL_HEARTBEAT: 1,
  HEARTBEAT: 2,
  BROADCAST: 3,
  SOCKETS_JOIN: 4,
  SOCKETS_LEAVE: 5,
  DISCONNECT_SOCKETS: 6,
  FETCH_SOCKETS: 7,
  FETCH_SOCKETS_RESPONSE: 8,
  SERVER_SIDE_EMIT: 9,
  SERVER_SIDE_EMIT_RESPONSE: 10,
  BROADCAST_CLIENT_COUNT: 11,
  BROADCAST_ACK: 12,
  ADAPTER_CLOSE: 13,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export interface ClusterMessage {
  uid: string;
  nsp: string;
  type: MessageType;
  data?: Record<string, unknown>;
}

/** Messages whose data may carry binary (packets, acks, socket data). */
const MAY_CARRY_BINARY: ReadonlySet<number> = new Set([
  MessageType.BROADCAST,
  MessageType.BROADCAST_ACK,
  MessageType.FETCH_SOCKETS_RESPONSE,
  MessageType.SERVER_SIDE_EMIT,
  MessageType.SERVER_SIDE_EMIT_RESPONSE,
]);

export function encodeClusterMessage(message: ClusterMessage, parser: InterNodeParser): Uint8Array | string {
  return MAY_CARRY_BINARY.has(message.type) && hasBinary(message.data)
    ? parser.encode(message)
    : JSON.stringify(message);
}

/** Decodes a message; undefined when it is not a `{ uid, nsp, type }` object. */
export function decodeClusterMessage(raw: Buffer, parser: InterNodeParser): ClusterMessage | undefined {
  const value = raw[0] === 0x7b ? JSON.parse(raw.toString("utf8")) : parser.decode(raw);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const message = value as Partial<ClusterMessage>;
  if (typeof message.uid !== "string" || typeof message.type !== "number") return undefined;
  if (message.data !== undefined && (typeof message.data !== "object" || message.data === null)) return undefined;
  return message as ClusterMessage;
}

/** Socket.IO socket ids are 20 characters: the official sender keeps them off the per-room channels. */
export function looksLikeSocketId(room: Room): boolean {
  return typeof room === "string" && room.length === 20;
}
