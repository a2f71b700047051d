import { randomBytes } from "node:crypto";
import { Adapter } from "./in-memory-adapter.js";
import { PacketLog } from "./packet-log.js";
import {
  resolveSessionStoreLimits,
  type SessionAwareAdapterOptions,
  type SessionStoreLimits,
} from "./session-options.js";
import type {
  AdapterNamespace,
  AdapterPacket,
  BroadcastOptions,
  PrivateSessionId,
  Room,
  Session,
  SessionToPersist,
  SocketId,
} from "./types.js";

const EVENT = 2;
const NO_ROOMS: readonly Room[] = Object.freeze([]);
/** Sweeps of expired sessions and packets run twice per duration, within these bounds. */
const MAX_SWEEP_INTERVAL = 60_000;
const MIN_SWEEP_INTERVAL = 1_000;
/** Longest offset we parse: the adapter's prefix and up to 15 decimal digits. */
const MAX_SEQ_DIGITS = 15;

interface StoredSession {
  readonly session: SessionToPersist;
  readonly disconnectedAt: number;
}

/**
 * The in-memory adapter with connection state recovery: it keeps the disconnected sessions and the
 * broadcasts of the last `maxDisconnectionDuration` (the server's `connectionStateRecovery`
 * option), so a client that comes back in time gets its session and every packet it missed.
 *
 * Each kept broadcast gets an offset, appended as its last argument (the official client keeps the
 * last one it received and sends it back on reconnection). Packets with an acknowledgement,
 * volatile packets and packets other than events are not kept. Packets sent with `local` are kept:
 * this adapter has no other node, so they reached every client a regular broadcast would have.
 */
export class SessionAwareAdapter extends Adapter {
  readonly limits: SessionStoreLimits;
  readonly #sessions = new Map<PrivateSessionId, StoredSession>();
  readonly #packets: PacketLog;
  /** Offsets are this adapter's prefix and a sequence number: offsets of another run never match. */
  readonly #offsetPrefix = `${randomBytes(6).toString("base64url")}-`;
  readonly #sweeper: NodeJS.Timeout;

  constructor(nsp: AdapterNamespace, options?: SessionAwareAdapterOptions) {
    super(nsp);
    this.limits = resolveSessionStoreLimits(nsp, options);
    this.#packets = new PacketLog(this.limits);
    const every = Math.min(MAX_SWEEP_INTERVAL, Math.max(MIN_SWEEP_INTERVAL, this.limits.maxDisconnectionDuration / 2));
    this.#sweeper = setInterval(() => this.#sweep(), every);
    this.#sweeper.unref();
  }

  /** Number of sessions and packets held, and the packets' bytes. */
  get storeSize(): { sessions: number; packets: number; bytes: number } {
    return { sessions: this.#sessions.size, packets: this.#packets.size, bytes: this.#packets.bytes };
  }

  override persistSession(session: SessionToPersist): void {
    const sessions = this.#sessions;
    // Re-inserted at the end: the map stays in order of disconnection, oldest first.
    sessions.delete(session.pid);
    sessions.set(session.pid, { session, disconnectedAt: Date.now() });
    while (sessions.size > this.limits.maxSessions) sessions.delete(sessions.keys().next().value as PrivateSessionId);
  }

  /**
   * The session of `pid` with the packets it missed after `offset`, oldest first, or null for an
   * unknown or expired session, or an offset after which some packet is no longer kept. A session
   * is given back once: a second restore of the same pid resolves to null.
   */
  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session | null> {
    return Promise.resolve(this.#restore(pid, offset));
  }

  override broadcast(packet: AdapterPacket, opts: BroadcastOptions): void {
    const data = packet.data;
    const kept =
      packet.type === EVENT && packet.id === undefined && opts.flags?.volatile !== true && Array.isArray(data);
    if (!kept) return super.broadcast(packet, opts);
    const seq = this.#packets.claimSeq();
    (data as unknown[]).push(this.#offsetPrefix + seq);
    packet.nsp = this.nsp.name;
    const encoded = this.encoder.encode(packet);
    this.#packets.append({
      seq,
      emittedAt: Date.now(),
      bytes: encodedSize(encoded),
      data: data as unknown[],
      rooms: opts.rooms.size === 0 ? NO_ROOMS : [...opts.rooms],
      except: opts.except === undefined || opts.except.size === 0 ? NO_ROOMS : [...opts.except],
    });
    this.writeEncoded(packet, encoded, opts);
  }

  override close(): void {
    clearInterval(this.#sweeper);
    this.#sessions.clear();
    this.#packets.clear();
  }

  #restore(pid: unknown, offset: unknown): Session | null {
    if (typeof pid !== "string") return null;
    const stored = this.#sessions.get(pid);
    if (stored === undefined) return null;
    this.#sessions.delete(pid);
    if (stored.disconnectedAt + this.limits.maxDisconnectionDuration < Date.now()) return null;
    const seq = this.#parseOffset(offset);
    if (seq === undefined) return null;
    this.#packets.dropEmittedBefore(Date.now() - this.limits.maxDisconnectionDuration);
    if (!this.#packets.holdsEverythingAfter(seq)) return null;
    const { sid, rooms, data } = stored.session;
    const member = new Set<Room>(rooms);
    const missedPackets: unknown[][] = [];
    for (const packet of this.#packets.after(seq)) {
      if (reaches(packet.rooms, packet.except, member)) missedPackets.push(packet.data.slice());
    }
    return { sid: sid as SocketId, pid, rooms, data, missedPackets };
  }

  #parseOffset(offset: unknown): number | undefined {
    const prefix = this.#offsetPrefix;
    if (typeof offset !== "string" || !offset.startsWith(prefix)) return undefined;
    const digits = offset.slice(prefix.length);
    if (digits.length === 0 || digits.length > MAX_SEQ_DIGITS || !/^\d+$/.test(digits)) return undefined;
    return Number(digits);
  }

  #sweep(): void {
    const threshold = Date.now() - this.limits.maxDisconnectionDuration;
    for (const [pid, stored] of this.#sessions) {
      if (stored.disconnectedAt >= threshold) break;
      this.#sessions.delete(pid);
    }
    this.#packets.dropEmittedBefore(threshold);
  }
}

/** Whether a socket in `member` rooms was a recipient of a broadcast to `rooms` except `except`. */
function reaches(rooms: readonly Room[], except: readonly Room[], member: Set<Room>): boolean {
  if (rooms.length > 0 && !rooms.some((room) => member.has(room))) return false;
  return !except.some((room) => member.has(room));
}

/** Bytes of an encoded packet: UTF-8 length of its strings plus the length of its binary parts. */
function encodedSize(encoded: unknown): number {
  if (!Array.isArray(encoded)) return 0;
  let bytes = 0;
  for (const part of encoded) {
    if (typeof part === "string") bytes += Buffer.byteLength(part);
    else if (ArrayBuffer.isView(part)) bytes += part.byteLength;
    else if (part instanceof ArrayBuffer) bytes += part.byteLength;
  }
  return bytes;
}
