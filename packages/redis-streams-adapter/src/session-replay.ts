// Connection state recovery on a stream: which entries a restored session missed. The stream is
// read from the client's offset on; an entry is replayed if this node has already delivered it
// (the restored socket was not there yet) and the session's rooms would have received it. Entries
// this node has not delivered yet are left out: they reach the socket live, once it is back. So
// every packet reaches the client exactly once, in stream order.
import type { BroadcastOptions, Room } from "@socketry/adapter";
import type { RedisLink } from "./redis-link.js";
import { nextId, parseEntries, type StreamEntry } from "./stream-ids.js";
import { fromStreamFields } from "./wire.js";

/** Entries fetched per XRANGE while restoring a session. */
const PAGE = 1_000;

const EVENT = 2;
const BINARY_EVENT = 5;
const BROADCAST = "3";

export interface DeliveredUpTo {
  /** This adapter's uid: its own entries were delivered when XADD answered. */
  readonly ownUid: string;
  /** The last own entry whose XADD answered. */
  readonly ownLastId: string;
  /** The last entry of another node that the reader delivered. */
  readonly readerLastId: string;
  /** Whether entry `id` is at most `upTo`. */
  readonly atMost: (id: string, upTo: string) => boolean;
}

export interface ReadLimits {
  /** Most entries read; past it the replay fails (the stream grows faster than it is read). */
  readonly maxEntries: number;
  /** Whether this node has delivered entries after `id` (so the replay must read further). */
  readonly behindDelivery: (id: string) => boolean;
}

/**
 * The entries of `stream` after `offset`, up to what this node has delivered; undefined when
 * `offset` is no longer in the stream (entries after it may be gone too), or past `maxEntries`.
 */
export async function readEntriesSince(
  link: Pick<RedisLink, "command">,
  stream: string,
  offset: string,
  limits: ReadLimits,
): Promise<StreamEntry[] | undefined> {
  // The first read starts at the offset itself: its absence means a gap.
  const first = parseEntries(await link.command(["XRANGE", stream, offset, "+", "COUNT", String(PAGE + 1)]));
  if (first[0]?.id !== offset) return undefined;
  const entries = first.slice(1);
  const maxPages = Math.ceil(limits.maxEntries / PAGE) + 2;
  // Read on until this node's position: what it delivered meanwhile must be replayed too.
  for (let page = 1; ; page++) {
    const cursor = entries.length > 0 ? entries[entries.length - 1]!.id : offset;
    if (!limits.behindDelivery(cursor)) return entries;
    if (page >= maxPages) return undefined;
    const next = parseEntries(await link.command(["XRANGE", stream, nextId(cursor), "+", "COUNT", String(PAGE)]));
    // Entries this node delivered are gone: trimmed while we read.
    if (next.length === 0) return undefined;
    for (const entry of next) entries.push(entry);
  }
}

/** The data arrays (with their offset appended) of the packets `rooms` missed in `entries`. */
export function missedPackets(
  entries: StreamEntry[],
  nsp: string,
  rooms: Room[],
  delivered: DeliveredUpTo,
): unknown[][] {
  const member = new Set<Room>(rooms);
  const packets: unknown[][] = [];
  for (const entry of entries) {
    const { uid, nsp: entryNsp, type } = entry.fields;
    if (entryNsp !== nsp || type !== BROADCAST) continue;
    const upTo = uid === delivered.ownUid ? delivered.ownLastId : delivered.readerLastId;
    if (!delivered.atMost(entry.id, upTo)) continue;
    const data = replayable(entry);
    if (data === undefined) continue;
    if (!reaches(data.opts, member)) continue;
    data.packet.push(entry.id);
    packets.push(data.packet);
  }
  return packets;
}

interface Replayable {
  readonly packet: unknown[];
  readonly opts: { rooms: Room[]; except: Room[] };
}

/** An event broadcast without ack, not volatile: what a client gets an offset for. */
function replayable(entry: StreamEntry): Replayable | undefined {
  let message: unknown;
  try {
    message = fromStreamFields(entry.fields);
  } catch {
    return undefined;
  }
  const data = (message as { data?: { packet?: unknown; opts?: unknown; requestId?: unknown } } | undefined)?.data;
  if (typeof data !== "object" || data === null || data.requestId !== undefined) return undefined;
  const packet = data.packet as { type?: unknown; data?: unknown; id?: unknown } | undefined;
  const opts = data.opts as Partial<BroadcastOptions & { rooms: Room[]; except: Room[] }> | undefined;
  if (typeof packet !== "object" || packet === null || !Array.isArray(packet.data) || packet.id !== undefined)
    return undefined;
  if (packet.type !== EVENT && packet.type !== BINARY_EVENT) return undefined;
  if (typeof opts !== "object" || opts === null || opts.flags?.volatile === true) return undefined;
  const rooms = Array.isArray(opts.rooms) ? opts.rooms : [];
  const except = Array.isArray(opts.except) ? opts.except : [];
  return { packet: packet.data, opts: { rooms, except } };
}

/** Whether a socket in `member` rooms was a recipient of a broadcast to `rooms` except `except`. */
function reaches(opts: { rooms: Room[]; except: Room[] }, member: Set<Room>): boolean {
  if (opts.rooms.length > 0 && !opts.rooms.some((room) => member.has(room))) return false;
  return !opts.except.some((room) => member.has(room));
}
