// The one interface the adapters use over every Redis client library people install: publish and
// subscribe (exact, pattern and sharded channels, binary payloads), subscriber counts, and
// lifecycle events.

export type MessageHandler = (channel: string, message: Buffer) => void;

/** What a link reports about its two clients. */
export interface LinkEvents {
  error(err: unknown): void;
  /** The subscriber connection is (again) ready. */
  subscriberReady(): void;
  /** The subscriber connection dropped or ended. */
  subscriberLost(): void;
}

export interface RedisLink {
  /** The client library, for logs and errors. */
  readonly library: "node-redis" | "node-redis-v3" | "ioredis";
  /** True when the clients talk to a Redis Cluster. */
  readonly cluster: boolean;
  /** The clients as the application gave them (undefined until the adapter's own are created). */
  readonly pubClient: unknown;
  readonly subClient: unknown;
  publish(channel: string, message: Buffer | Uint8Array | string): Promise<unknown>;
  /** Subscribes `handler` to exact channels; calling it again for the same channels is harmless. */
  subscribe(channels: string[], handler: MessageHandler): Promise<unknown>;
  psubscribe(pattern: string, handler: MessageHandler): Promise<unknown>;
  unsubscribe(channels: string[], patterns: string[], handler: MessageHandler | undefined): Promise<unknown>;
  /** Subscriber counts of the channels, summed over every node of a cluster. */
  numsub(channels: string[]): Promise<number[]>;
  /** Sharded Pub/Sub (Redis 7): SPUBLISH. */
  spublish(channel: string, message: Buffer | Uint8Array | string): Promise<unknown>;
  ssubscribe(channels: string[], handler: MessageHandler): Promise<unknown>;
  sunsubscribe(channels: string[], handler: MessageHandler | undefined): Promise<unknown>;
  /** PUBSUB SHARDNUMSUB of the channels, summed over the masters of a cluster. */
  shardNumsub(channels: string[]): Promise<number[]>;
  /** Listens on both clients; returns a function removing every listener it added. */
  watch(events: LinkEvents): () => void;
}

export function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(String(value));
}

export function outgoing(message: Buffer | Uint8Array | string): Buffer | string {
  return typeof message === "string" ? message : asBuffer(message);
}

/** [channel, count, channel, count, ...] as Redis replies to PUBSUB NUMSUB / SHARDNUMSUB. */
export function countsFromPairs(reply: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) counts.set(String(reply[i]), Number(reply[i + 1]) || 0);
  } else if (reply instanceof Map) {
    for (const [channel, count] of reply) counts.set(String(channel), Number(count) || 0);
  } else if (typeof reply === "object" && reply !== null) {
    for (const [channel, count] of Object.entries(reply)) counts.set(channel, Number(count) || 0);
  }
  return counts;
}

/** Sums per-node counts of `channels`. */
export function sumCounts(channels: string[], perNode: Array<Map<string, number>>): number[] {
  return channels.map((channel) => perNode.reduce((sum, counts) => sum + (counts.get(channel) ?? 0), 0));
}
