// The wire format shared with the official @socket.io/redis-adapter 8.x, so both can run in one
// cluster. Broadcasts go to `<key>#<nsp>#` (or `<key>#<nsp>#<room>#` for a single room) as a
// msgpack array [sender uid, packet, { rooms, except, flags }]. Requests go to
// `<key>-request#<nsp>#`, answers to `<key>-response#<nsp>#` (or `...#<uid>#` for a specific
// node), as JSON objects, except those that may carry binary data, which are msgpack.
import type { BroadcastFlags, BroadcastOptions, Room } from "@socketry/adapter";
import type { InterNodeParser } from "./options.js";

export const RequestType = {
  SOCKETS: 0,
  ALL_ROOMS: 1,
  REMOTE_JOIN: 2,
  REMOTE_LEAVE: 3,
  REMOTE_DISCONNECT: 4,
  REMOTE_FETCH: 5,
  SERVER_SIDE_EMIT: 6,
  BROADCAST: 7,
  BROADCAST_CLIENT_COUNT: 8,
  BROADCAST_ACK: 9,
} as const;
export type RequestType = (typeof RequestType)[keyof typeof RequestType];

export interface Channels {
  /** Prefix of every broadcast channel of the namespace (subscribed as a pattern). */
  broadcast: string;
  request: string;
  response: string;
  /** Answers meant for this node only. */
  specificResponse: string;
  /** **socketry** only: heartbeats of the socketry nodes of this namespace. */
  heartbeat: string;
}

export function channelsFor(key: string, nsp: string, uid: string): Channels {
  const response = `${key}-response#${nsp}#`;
  return {
    broadcast: `${key}#${nsp}#`,
    request: `${key}-request#${nsp}#`,
    response,
    specificResponse: `${response}${uid}#`,
    heartbeat: `${key}-heartbeat#${nsp}#`,
  };
}

/** Escapes glob characters so a namespace name cannot widen the subscribed pattern. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** A room name as it may travel: a string, or a number (the official server allows numeric rooms). */
function isRoomName(value: unknown): value is Room {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/** Broadcast options as they travel: arrays instead of sets. */
export interface WireBroadcastOptions {
  rooms: Room[];
  except: Room[];
  flags?: BroadcastFlags;
}

export function toWireOptions(opts: BroadcastOptions): WireBroadcastOptions {
  return { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags ?? {} };
}

/** Rebuilds broadcast options from a message; returns undefined when they are malformed. */
export function fromWireOptions(value: unknown): BroadcastOptions | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const wire = value as Partial<WireBroadcastOptions>;
  const rooms = wire.rooms ?? [];
  const except = wire.except ?? [];
  if (!Array.isArray(rooms) || !Array.isArray(except)) return undefined;
  const flags = typeof wire.flags === "object" && wire.flags !== null ? wire.flags : {};
  return { rooms: new Set(rooms.filter(isRoomName)), except: new Set(except.filter(isRoomName)), flags };
}

/** A request or an answer: JSON when it starts with "{", the inter-node parser otherwise. */
export function decodeMessage(message: Buffer, parser: InterNodeParser): Record<string, unknown> | undefined {
  const value = message[0] === 0x7b ? JSON.parse(message.toString("utf8")) : parser.decode(message);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
