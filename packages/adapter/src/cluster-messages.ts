// The messages the members of a cluster exchange, field for field those of socket.io-adapter 2.5's
// ClusterAdapter, so official nodes and socketry nodes can share one cluster. How a message is
// serialised and carried is the subclass's business.
import type { BroadcastFlags, BroadcastOptions, Room } from "./types.js";

/** The unique id of one adapter (one namespace of one server) in the cluster. */
export type ServerId = string;
/** The unique id of a published message, when the transport has one (connection state recovery). */
export type Offset = string;

export enum MessageType {
  INITIAL_HEARTBEAT = 1,
  HEARTBEAT = 2,
  BROADCAST = 3,
  SOCKETS_JOIN = 4,
  SOCKETS_LEAVE = 5,
  DISCONNECT_SOCKETS = 6,
  FETCH_SOCKETS = 7,
  FETCH_SOCKETS_RESPONSE = 8,
  SERVER_SIDE_EMIT = 9,
  SERVER_SIDE_EMIT_RESPONSE = 10,
  BROADCAST_CLIENT_COUNT = 11,
  BROADCAST_ACK = 12,
  ADAPTER_CLOSE = 13,
}

/** Broadcast options on the wire: room sets as arrays. */
export interface WireBroadcastOptions {
  rooms: string[];
  except: string[];
  flags: BroadcastFlags;
}

export type ClusterMessage = {
  uid: ServerId;
  nsp: string;
} & (
  | { type: MessageType.INITIAL_HEARTBEAT | MessageType.HEARTBEAT | MessageType.ADAPTER_CLOSE }
  | { type: MessageType.BROADCAST; data: { opts: WireBroadcastOptions; packet: unknown; requestId?: string } }
  | {
      type: MessageType.SOCKETS_JOIN | MessageType.SOCKETS_LEAVE;
      data: { opts: WireBroadcastOptions; rooms: string[] };
    }
  | { type: MessageType.DISCONNECT_SOCKETS; data: { opts: WireBroadcastOptions; close?: boolean } }
  | { type: MessageType.FETCH_SOCKETS; data: { opts: WireBroadcastOptions; requestId: string } }
  | { type: MessageType.SERVER_SIDE_EMIT; data: { requestId?: string; packet: unknown[] } }
);

export type ClusterResponse = {
  uid: ServerId;
  nsp: string;
} & (
  | { type: MessageType.FETCH_SOCKETS_RESPONSE; data: { requestId: string; sockets: unknown[] } }
  | { type: MessageType.SERVER_SIDE_EMIT_RESPONSE; data: { requestId: string; packet: unknown } }
  | { type: MessageType.BROADCAST_CLIENT_COUNT; data: { requestId: string; clientCount: number } }
  | { type: MessageType.BROADCAST_ACK; data: { requestId: string; packet: unknown } }
);

/** Omit applied to each member of a union (Omit on the union itself would merge the members). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A message before the adapter stamps its uid and namespace on it. */
export type OutgoingMessage = DistributiveOmit<ClusterMessage, "nsp" | "uid">;
export type OutgoingResponse = DistributiveOmit<ClusterResponse, "nsp" | "uid">;

const RESPONSE_TYPES: ReadonlySet<number> = new Set([
  MessageType.FETCH_SOCKETS_RESPONSE,
  MessageType.SERVER_SIDE_EMIT_RESPONSE,
  MessageType.BROADCAST_CLIENT_COUNT,
  MessageType.BROADCAST_ACK,
]);

/** Whether a message is a response (transports may carry both kinds on one channel). */
export function isResponse(message: { type: number }): boolean {
  return RESPONSE_TYPES.has(message.type);
}

export function toWireOptions(opts: BroadcastOptions): WireBroadcastOptions {
  return { rooms: [...opts.rooms], except: opts.except ? [...opts.except] : [], flags: opts.flags ?? {} };
}

/** Broadcast options from the wire, or undefined when they are malformed. */
export function fromWireOptions(wire: unknown): BroadcastOptions | undefined {
  if (typeof wire !== "object" || wire === null) return undefined;
  const { rooms, except, flags } = wire as Partial<WireBroadcastOptions>;
  if (!isRoomList(rooms) || (except !== undefined && !isRoomList(except))) return undefined;
  if (flags !== undefined && (typeof flags !== "object" || flags === null)) return undefined;
  return { rooms: new Set(rooms), except: new Set(except ?? []), flags: flags ?? {} };
}

export function isRoomList(value: unknown): value is Room[] {
  return Array.isArray(value) && value.every((room) => typeof room === "string" || typeof room === "number");
}
