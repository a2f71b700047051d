// What the adapters of one createAdapter call share: the user's client (commands, publishes), one
// subscriber connection for the Pub/Sub channels of every namespace, and one reader per stream in
// use (a namespace is read from one stream; several namespaces may share it). Connections are
// opened when the first adapter needs them and closed when the last one closes.
import { log } from "./log.js";
import type { ResolvedOptions } from "./options.js";
import type { PayloadHandler, RedisLink } from "./redis-link.js";
import { StreamReader, type StreamGap } from "./stream-reader.js";
import type { StreamEntry } from "./stream-ids.js";

/** What the hub needs from an adapter. */
export interface HubMember {
  readonly nspName: string;
  readonly streamName: string;
  onStreamEntry(entry: StreamEntry): void;
  onStreamGap(gap: StreamGap): void;
}

interface ReaderSlot {
  readonly reader: StreamReader;
  readonly members: Map<string, HubMember>;
}

export class StreamsHub {
  readonly link: RedisLink;
  readonly options: ResolvedOptions;
  #subscriber: Promise<RedisLink> | undefined;
  readonly #readers = new Map<string, ReaderSlot>();
  #members = 0;

  constructor(link: RedisLink, options: ResolvedOptions) {
    this.link = link;
    this.options = options;
  }

  /** Starts delivering the entries of the member's stream to it; returns the stream's reader. */
  attach(member: HubMember): StreamReader {
    this.#members++;
    let slot = this.#readers.get(member.streamName);
    if (slot === undefined) {
      const members = new Map<string, HubMember>();
      const reader = new StreamReader(this.link, member.streamName, this.options, {
        entry: (entry) => members.get(entry.fields.nsp ?? "")?.onStreamEntry(entry),
        gap: (gap) => {
          log("gap in %s after %s (resumed at %s)", gap.stream, gap.lastId, gap.resumedAt);
          for (const m of members.values()) m.onStreamGap(gap);
        },
      });
      slot = { reader, members };
      this.#readers.set(member.streamName, slot);
    }
    slot.members.set(member.nspName, member);
    return slot.reader;
  }

  /**
   * Subscribes to `channels` on the shared subscriber; resolves once Redis confirmed it, retrying
   * while Redis cannot be reached, unless `cancelled()` tells that the subscriber is gone.
   */
  async subscribe(channels: string[], handler: PayloadHandler, cancelled: () => boolean): Promise<void> {
    for (let attempt = 1; !cancelled(); attempt++) {
      try {
        const subscriber = await this.#subscriberConnection();
        await subscriber.subscribe(channels, handler, this.options.useShardedPubSub);
        return;
      } catch (error) {
        log("could not subscribe to %s: %s", channels.join(", "), (error as Error)?.message);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * attempt)).unref());
      }
    }
  }

  /**
   * Stops delivering to the member; the last member of a stream stops its reader, the last of all
   * the subscriber. Nothing is awaited: closing a server must not wait for Redis (node-redis 4's
   * cluster client, for one, may never answer an UNSUBSCRIBE).
   */
  detach(member: HubMember, channels: string[]): void {
    const slot = this.#readers.get(member.streamName);
    if (slot?.members.get(member.nspName) === member) {
      slot.members.delete(member.nspName);
      this.#members--;
      if (slot.members.size === 0) {
        slot.reader.stop();
        this.#readers.delete(member.streamName);
      }
    }
    const subscriber = this.#subscriber;
    if (subscriber === undefined) return;
    if (this.#members > 0) {
      subscriber
        .then((s) => s.unsubscribe(channels, this.options.useShardedPubSub))
        .catch((error: unknown) => log("could not unsubscribe: %s", (error as Error)?.message));
      return;
    }
    this.#subscriber = undefined;
    subscriber.then((s) => s.destroy()).catch(() => {});
  }

  #subscriberConnection(): Promise<RedisLink> {
    if (this.#subscriber !== undefined) return this.#subscriber;
    const opening = this.link.duplicate();
    this.#subscriber = opening;
    // A failed connection is retried by the next subscription.
    opening.catch(() => {
      if (this.#subscriber === opening) this.#subscriber = undefined;
    });
    return opening;
  }
}
