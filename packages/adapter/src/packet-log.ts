// The broadcasts a session-aware adapter keeps for connection state recovery: a FIFO of packets,
// each with a sequence number, bounded in count, total bytes and age. Packets only ever leave from
// the oldest end, so the retained sequence numbers are contiguous and a lookup is an index
// computation, not a search.
import type { Room } from "./types.js";

export interface LoggedPacket {
  readonly seq: number;
  readonly emittedAt: number;
  readonly bytes: number;
  /** The packet's data array, offset included: what the client would have received. */
  readonly data: unknown[];
  /** Target rooms; empty means every socket. */
  readonly rooms: readonly Room[];
  readonly except: readonly Room[];
}

export interface PacketLogLimits {
  readonly maxPackets: number;
  readonly maxBytes: number;
}

/** Compact the backing array once this many slots before the head are dead. */
const COMPACT_AFTER = 1024;

export class PacketLog {
  readonly #limits: PacketLogLimits;
  #entries: LoggedPacket[] = [];
  #head = 0;
  #bytes = 0;
  #nextSeq = 0;

  constructor(limits: PacketLogLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#entries.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The sequence number the next appended packet gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** The oldest retained sequence number (nextSeq when the log is empty). */
  get firstSeq(): number {
    return this.size === 0 ? this.#nextSeq : (this.#entries[this.#head] as LoggedPacket).seq;
  }

  /** Takes the next sequence number; call `append` with it once the packet's size is known. */
  claimSeq(): number {
    return this.#nextSeq++;
  }

  /**
   * Keeps a packet, then drops the oldest ones until the count and byte bounds hold again (a
   * packet larger than maxBytes on its own is dropped at once: its number stays taken, so a
   * session that needs it cannot be restored).
   */
  append(packet: LoggedPacket): void {
    this.#entries.push(packet);
    this.#bytes += packet.bytes;
    const { maxPackets, maxBytes } = this.#limits;
    while (this.size > 0 && (this.size > maxPackets || this.#bytes > maxBytes)) this.#dropOldest();
    this.#compact();
  }

  /** Drops the packets emitted before `threshold` (a timestamp in ms). */
  dropEmittedBefore(threshold: number): void {
    while (this.size > 0 && (this.#entries[this.#head] as LoggedPacket).emittedAt < threshold) this.#dropOldest();
    this.#compact();
  }

  /**
   * True when every packet numbered after `seq` is still here, so a client whose last packet was
   * `seq` can be given all it missed. `seq` must have been issued.
   */
  holdsEverythingAfter(seq: number): boolean {
    return seq < this.#nextSeq && seq >= this.firstSeq - 1;
  }

  /** The retained packets numbered after `seq`, oldest first. */
  *after(seq: number): IterableIterator<LoggedPacket> {
    const start = this.#head + Math.max(0, seq + 1 - this.firstSeq);
    for (let i = start; i < this.#entries.length; i++) yield this.#entries[i] as LoggedPacket;
  }

  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  #dropOldest(): void {
    const oldest = this.#entries[this.#head] as LoggedPacket;
    (this.#entries as Array<LoggedPacket | undefined>)[this.#head] = undefined;
    this.#head++;
    this.#bytes -= oldest.bytes;
  }

  #compact(): void {
    if (this.#head < COMPACT_AFTER || this.#head * 2 < this.#entries.length) return;
    this.#entries = this.#entries.slice(this.#head);
    this.#head = 0;
  }
}
