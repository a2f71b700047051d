// The adapter of one namespace: a ClusterAdapterWithHeartbeat whose messages travel through Redis.
// Messages every node must see in order (broadcasts, room changes, disconnections) are stream
// entries, so an entry id is a broadcast's offset for connection state recovery; requests, their
// responses and heartbeats are Pub/Sub messages (nothing to keep), as the official adapter does.
import {
  ClusterAdapterWithHeartbeat,
  MessageType,
  type AdapterNamespace,
  type ClusterMessage,
  type ClusterResponse,
  type Offset,
  type PrivateSessionId,
  type Room,
  type Session,
  type SessionToPersist,
  type SocketId,
} from "@socketry/adapter";
import { LiveSessions } from "./live-sessions.js";
import { log } from "./log.js";
import type { ResolvedOptions } from "./options.js";
import { decodeSession, encodeSession } from "./session-codec.js";
import { missedPackets, readEntriesSince } from "./session-replay.js";
import type { StreamReader, StreamGap } from "./stream-reader.js";
import { compareIds, isStreamId, type StreamEntry } from "./stream-ids.js";
import type { StreamsHub } from "./streams-hub.js";
import { fromPayload, fromStreamFields, pack, toStreamFields } from "./wire.js";

/** Default `maxDisconnectionDuration` of the server's connectionStateRecovery option. */
const DEFAULT_MAX_DISCONNECTION_DURATION = 2 * 60 * 1000;
const MAX_PID_LENGTH = 256;

/** Messages nothing needs to keep: they travel by Pub/Sub. */
function isEphemeral(message: ClusterMessage): boolean {
  switch (message.type) {
    case MessageType.BROADCAST:
      return message.data.requestId !== undefined;
    case MessageType.SERVER_SIDE_EMIT:
    case MessageType.FETCH_SOCKETS:
    case MessageType.INITIAL_HEARTBEAT:
    case MessageType.HEARTBEAT:
    case MessageType.ADAPTER_CLOSE:
      return true;
    default:
      return false;
  }
}

/** The stream of a namespace: one of `streamCount`, by the official adapter's hash of its name. */
export function streamNameOf(nspName: string, options: Pick<ResolvedOptions, "streamName" | "streamCount">): string {
  if (options.streamCount === 1) return options.streamName;
  let hash = 0;
  for (let i = 0; i < nspName.length; i++) hash = (hash * 31 + nspName.charCodeAt(i)) | 0;
  return `${options.streamName}-${hash % options.streamCount}`;
}

// No `implements HubMember`: the hub callbacks are left out of the public types, and
// hub.attach(this) checks the shape instead.
export class RedisStreamsAdapter extends ClusterAdapterWithHeartbeat {
  readonly streamName: string;
  readonly #hub: StreamsHub;
  readonly #options: ResolvedOptions;
  readonly #reader: StreamReader;
  readonly #channels: string[];
  readonly #subscribed: Promise<void>;
  /** The newest entry this adapter added whose XADD answered (and which it delivered locally). */
  #ownLastId = "0-0";
  /** With `persistConnectedSessions`: the sessions of the connected sockets, kept in Redis. */
  readonly #live: LiveSessions | undefined;
  #closed = false;

  constructor(nsp: AdapterNamespace, hub: StreamsHub) {
    const options = hub.options;
    super(nsp, { heartbeatInterval: options.heartbeatInterval, heartbeatTimeout: options.heartbeatTimeout });
    this.#hub = hub;
    this.#options = options;
    this.streamName = streamNameOf(nsp.name, options);
    this.#channels = [this.#channel(), this.#channel(this.uid)];
    this.#reader = hub.attach(this);
    this.#subscribed = hub.subscribe(
      this.#channels,
      (payload) => this.#onPayload(payload),
      () => this.#closed,
    );
    if (options.persistConnectedSessions && nsp.server.opts?.connectionStateRecovery) {
      const link = hub.link;
      this.#live = new LiveSessions(
        nsp,
        {
          set: (key, value, ttlMs) => link.command(["SET", key, value, "PX", String(Math.ceil(ttlMs))]),
          del: (key) => link.command(["DEL", key]),
        },
        {
          keyPrefix: options.sessionKeyPrefix,
          maxDisconnectionDuration: this.#maxDisconnectionDuration(),
          encode: encodeSession,
        },
      );
    }
  }

  override addAll(id: SocketId, rooms: Set<Room>): Promise<void> | void {
    const result = super.addAll(id, rooms);
    this.#live?.changed(id);
    return result;
  }

  override del(id: SocketId, room: Room): Promise<void> | void {
    const result = super.del(id, room);
    this.#live?.changed(id);
    return result;
  }

  override delAll(id: SocketId): void {
    super.delAll(id);
    this.#live?.gone(id);
  }

  /** @internal The namespace's name, for the hub. */
  get nspName(): string {
    return this.nsp.name;
  }

  /** The last entry of the stream this node's reader delivered (undefined before it started). */
  get lastDeliveredId(): string | undefined {
    return this.#reader.lastId;
  }

  override close(): Promise<void> | void {
    if (this.#closed) return;
    this.#closed = true;
    this.#live?.close();
    const closing = super.close();
    this.#hub.detach(this, this.#channels);
    return closing;
  }

  protected override async doPublish(message: ClusterMessage): Promise<Offset> {
    const link = this.#hub.link;
    if (isEphemeral(message)) {
      // Answers come on our own channel: publish only once we listen to it.
      await this.#subscribed;
      await link.publish(this.#channel(), pack(message), this.#options.useShardedPubSub);
      return "";
    }
    const fields = toStreamFields(message, this.#options.onlyPlaintext);
    const id = String(
      await link.command(["XADD", this.streamName, "MAXLEN", "~", String(this.#options.maxLen), "*", ...fields]),
    );
    if (isStreamId(id) && compareIds(id, this.#ownLastId) > 0) this.#ownLastId = id;
    return id;
  }

  protected override async doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
    await this.#hub.link.publish(this.#channel(requesterUid), pack(response), this.#options.useShardedPubSub);
  }

  /**
   * The larger of two counts: the nodes heard from (heartbeats) and the connections subscribed to
   * the namespace channel (PUBSUB NUMSUB, how the official 0.3 adapter counts, and the only way
   * to count its nodes: they send no heartbeats).
   */
  override async serverCount(): Promise<number> {
    const heard = await super.serverCount();
    return Math.max(heard, await this.#subscribedCount());
  }

  /**
   * Who answers a request: the members heard from, by name (a member that leaves is no longer
   * waited for), unless more nodes listen than were heard from (official nodes among them): then
   * as many answers as there are other listeners.
   */
  protected override async responders(): Promise<Set<string> | number> {
    const members = (await super.responders()) as Set<string>;
    const others = (await this.#subscribedCount()) - 1;
    return others > members.size ? others : members;
  }

  async #subscribedCount(): Promise<number> {
    try {
      return await this.#hub.link.numsub(this.#channel(), this.#options.useShardedPubSub);
    } catch (error) {
      log("[%s] could not count the subscribers: %s", this.uid, (error as Error)?.message);
      return 0;
    }
  }

  /** @internal An entry of this namespace read from the stream (called by the hub). */
  onStreamEntry(entry: StreamEntry): void {
    if (entry.fields.uid === this.uid) return; // delivered locally when it was added
    let message: ClusterMessage | undefined;
    try {
      message = fromStreamFields(entry.fields);
    } catch (error) {
      log("[%s] ignored entry %s: %s", this.uid, entry.id, (error as Error)?.message);
      return;
    }
    if (message !== undefined) this.onMessage(message, entry.id);
  }

  /** @internal The reader found entries missing (trimmed by maxLen, or lost by Redis): the "gap" event. */
  onStreamGap(gap: StreamGap): void {
    this.emit("gap", gap);
  }

  /** Keeps a disconnected session in Redis for `maxDisconnectionDuration`. */
  override persistSession(session: SessionToPersist): void {
    this.#live?.persisted(session.sid);
    const ttl = Math.ceil(this.#maxDisconnectionDuration());
    const key = this.#options.sessionKeyPrefix + session.pid;
    let encoded: string;
    try {
      encoded = encodeSession(session);
    } catch (error) {
      log("[%s] could not encode session %s: %s", this.uid, session.sid, (error as Error)?.message);
      return;
    }
    this.#hub.link.command(["SET", key, encoded, "PX", String(ttl)]).catch((error: unknown) => {
      log("[%s] could not persist session %s: %s", this.uid, session.sid, (error as Error)?.message);
    });
  }

  #maxDisconnectionDuration(): number {
    const value = this.nsp.server.opts?.connectionStateRecovery?.maxDisconnectionDuration;
    return typeof value === "number" && value > 0 ? value : DEFAULT_MAX_DISCONNECTION_DURATION;
  }

  /**
   * The session of `pid` (taken from Redis: a session is restored once, on one node) and the
   * packets it missed after `offset`, or null: unknown or expired session, malformed offset, or an
   * offset no longer in the stream (trimmed away: the replay could not be complete).
   */
  override async restoreSession(pid: PrivateSessionId, offset: string): Promise<Session | null> {
    if (typeof pid !== "string" || pid.length === 0 || pid.length > MAX_PID_LENGTH || !isStreamId(offset)) return null;
    const link = this.#hub.link;
    await this.#reader.ready;
    const raw = await link.command(["GETDEL", this.#options.sessionKeyPrefix + pid]);
    if (raw === null || raw === undefined) return null;
    const stored = decodeSession(String(raw));
    if (stored === undefined) return null;
    const entries = await readEntriesSince(link, this.streamName, offset, {
      maxEntries: 2 * this.#options.maxLen,
      behindDelivery: (id) => this.#beforeDelivered(id),
    });
    if (entries === undefined) return null;
    const nsp = this.nsp.name;
    const packets = missedPackets(entries, nsp, stored.rooms, {
      ownUid: this.uid,
      ownLastId: this.#ownLastId,
      readerLastId: this.#reader.lastId ?? "0-0",
      atMost: (id, upTo) => compareIds(id, upTo) <= 0,
    });
    log("[%s] restored session %s with %d missed packets", this.uid, stored.sid, packets.length);
    return { sid: stored.sid, pid, rooms: stored.rooms, data: stored.data, missedPackets: packets };
  }

  /** Whether this node has delivered entries after `id` (so the replay must read further). */
  #beforeDelivered(id: string): boolean {
    const readerLast = this.#reader.lastId ?? "0-0";
    return compareIds(id, readerLast) < 0 || compareIds(id, this.#ownLastId) < 0;
  }

  #onPayload(payload: Buffer): void {
    let message: unknown;
    try {
      message = fromPayload(payload);
    } catch (error) {
      log("[%s] ignored a malformed message: %s", this.uid, (error as Error)?.message);
      return;
    }
    if (message !== undefined) this.onMessage(message as ClusterMessage);
  }

  /** The namespace's public channel, or the private one of member `uid`. */
  #channel(uid?: string): string {
    const base = `${this.#options.channelPrefix}#${this.nsp.name}#`;
    return uid === undefined ? base : `${base}${uid}#`;
  }
}
