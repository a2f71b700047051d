// The options of createAdapter, those of @socket.io/redis-streams-adapter 0.3 with the same
// defaults, validated once.
import { invalidOption as invalid } from "./errors.js";

export interface RedisStreamsAdapterOptions {
  /** Name of the Redis stream (with `streamCount` > 1, the prefix of `<name>-<i>`). @default "socket.io" */
  streamName?: string;
  /** Number of streams; each namespace is read from one of them (spreads the load on Redis Cluster). @default 1 */
  streamCount?: number;
  /** Prefix of the Pub/Sub channels that carry requests and their responses. @default "socket.io" */
  channelPrefix?: string;
  /** Sharded Pub/Sub (SPUBLISH/SSUBSCRIBE, Redis 7) for those channels. @default false */
  useShardedPubSub?: boolean;
  /** Entries kept in the stream (approximate trimming, `MAXLEN ~`). @default 10_000 */
  maxLen?: number;
  /** Most entries fetched by one read. @default 100 */
  readCount?: number;
  /** How long one blocking read waits for new entries, in milliseconds. @default 5_000 */
  blockTimeInMs?: number;
  /** Prefix of the keys of disconnected sessions. @default "sio:session:" */
  sessionKeyPrefix?: string;
  /** Milliseconds between two heartbeats of a node. @default 5_000 */
  heartbeatInterval?: number;
  /** Milliseconds without a message from a node before it is considered gone. @default 10_000 */
  heartbeatTimeout?: number;
  /** Message data always as JSON (never msgpack in base64), e.g. for a stream read by other tools. @default false */
  onlyPlaintext?: boolean;
  /**
   * Beyond the official adapter: keep the session of every connected socket in Redis (written when
   * its rooms change, refreshed every maxDisconnectionDuration / 2, at most every minute), so that
   * its client recovers on another node even if its own node dies without persisting anything.
   * Costs Redis writes and memory per connection (see the README). @default false
   */
  persistConnectedSessions?: boolean;
}

export type ResolvedOptions = Readonly<Required<RedisStreamsAdapterOptions>>;

export const DEFAULT_OPTIONS: ResolvedOptions = Object.freeze({
  streamName: "socket.io",
  streamCount: 1,
  channelPrefix: "socket.io",
  useShardedPubSub: false,
  maxLen: 10_000,
  readCount: 100,
  blockTimeInMs: 5_000,
  sessionKeyPrefix: "sio:session:",
  heartbeatInterval: 5_000,
  heartbeatTimeout: 10_000,
  onlyPlaintext: false,
  persistConnectedSessions: false,
});

const POSITIVE_INTEGERS = ["streamCount", "maxLen", "readCount", "heartbeatInterval", "heartbeatTimeout"] as const;
const STRINGS = ["streamName", "channelPrefix", "sessionKeyPrefix"] as const;
const BOOLEANS = ["useShardedPubSub", "onlyPlaintext", "persistConnectedSessions"] as const;

export function resolveOptions(input: RedisStreamsAdapterOptions = {}): ResolvedOptions {
  const resolved: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const name of POSITIVE_INTEGERS) {
    const value = input[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw invalid(name, "a positive integer", value);
    resolved[name] = value;
  }
  const block = input.blockTimeInMs;
  if (block !== undefined) {
    // 0 would block forever: a reader could then never notice that it must stop.
    if (!Number.isSafeInteger(block) || block < 1) throw invalid("blockTimeInMs", "a positive integer", block);
    resolved.blockTimeInMs = block;
  }
  for (const name of STRINGS) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value !== "string" || value.length === 0) throw invalid(name, "a non-empty string", value);
    resolved[name] = value;
  }
  for (const name of BOOLEANS) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw invalid(name, "a boolean", value);
    resolved[name] = value;
  }
  return Object.freeze(resolved) as ResolvedOptions;
}
