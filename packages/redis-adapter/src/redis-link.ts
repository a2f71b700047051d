// One small interface over the two Redis clients users have, node-redis v4 (`redis`) and ioredis:
// publish, subscribe (exact and pattern, binary payloads), PUBSUB NUMSUB, and lifecycle events.
import { RedisAdapterError } from "./errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the two client libraries are duck-typed */

export type MessageHandler = (channel: string, message: Buffer) => void;

export interface RedisLink {
  publish(channel: string, message: Buffer | Uint8Array | string): Promise<unknown>;
  /** Subscribes `handler` to exact channels; calling it again for the same channels is harmless. */
  subscribe(channels: string[], handler: MessageHandler): Promise<unknown>;
  psubscribe(pattern: string, handler: MessageHandler): Promise<unknown>;
  unsubscribe(channels: string[], pattern: string): Promise<unknown>;
  /** Subscriber counts of the channels, through the publishing connection. */
  numsub(channels: string[]): Promise<number[]>;
  /** Listens on both clients; returns a function removing every listener it added. */
  watch(events: { error(err: unknown): void; subscriberReady(): void; subscriberLost(): void }): () => void;
}

interface ClientPair {
  pub: any;
  sub: any;
}

export function isNodeRedis(client: any): boolean {
  return typeof client?.pSubscribe === "function" && typeof client?.publish === "function";
}

export function isIoredis(client: any): boolean {
  return typeof client?.psubscribe === "function" && typeof client?.publish === "function";
}

export function createRedisLink(pub: unknown, sub: unknown): RedisLink {
  if (isNodeRedis(pub) && isNodeRedis(sub)) return nodeRedisLink({ pub, sub });
  if (isIoredis(pub) && isIoredis(sub)) return ioredisLink({ pub, sub });
  throw new RedisAdapterError(
    "REDIS_ADAPTER_INVALID_CLIENT",
    "pubClient and subClient must both be node-redis v4 (redis) or both ioredis clients",
  );
}

function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(String(value));
}

// Both libraries emit "reconnecting" when a connection dropped and "end" when it is closed for good.
const LOST_EVENTS = ["reconnecting", "end"];
type Watcher = Parameters<RedisLink["watch"]>[0];

/**
 * One set of listeners per client pair, however many adapters (one per namespace) watch it, so
 * many namespaces never trip the clients' max-listeners warning.
 */
function watcherHub(pair: ClientPair): RedisLink["watch"] {
  const watchers = new Set<Watcher>();
  const onError = (err: unknown) => watchers.forEach((watcher) => watcher.error(err));
  const onReady = () => watchers.forEach((watcher) => watcher.subscriberReady());
  const onLost = () => watchers.forEach((watcher) => watcher.subscriberLost());
  const clients = pair.pub === pair.sub ? [pair.pub] : [pair.pub, pair.sub];
  return (watcher) => {
    if (watchers.size === 0) {
      for (const client of clients) client.on("error", onError);
      pair.sub.on("ready", onReady);
      for (const event of LOST_EVENTS) pair.sub.on(event, onLost);
    }
    watchers.add(watcher);
    return () => {
      if (!watchers.delete(watcher) || watchers.size > 0) return;
      for (const client of clients) client.off("error", onError);
      pair.sub.off("ready", onReady);
      for (const event of LOST_EVENTS) pair.sub.off(event, onLost);
    };
  };
}

// node-redis v4: listeners are registered per channel; with `true` (buffer mode) the message
// arrives as a Buffer. The client keeps a Set of listeners per channel, so a second subscribe with
// the same function is a no-op, and it resubscribes by itself after a reconnect.
function nodeRedisLink(pair: ClientPair): RedisLink {
  const listeners = new Map<MessageHandler, (message: Buffer, channel: Buffer | string) => void>();
  const wrap = (handler: MessageHandler) => {
    let listener = listeners.get(handler);
    if (!listener) {
      listener = (message, channel) => handler(String(channel), asBuffer(message));
      listeners.set(handler, listener);
    }
    return listener;
  };
  return {
    publish: (channel, message) => pair.pub.publish(channel, typeof message === "string" ? message : asBuffer(message)),
    subscribe: (channels, handler) => pair.sub.subscribe(channels, wrap(handler), true),
    psubscribe: (pattern, handler) => pair.sub.pSubscribe(pattern, wrap(handler), true),
    unsubscribe: async (channels, pattern) => {
      if (!pair.sub.isOpen) return; // a quit client never settles these promises
      await pair.sub.unsubscribe(channels);
      await pair.sub.pUnsubscribe(pattern);
    },
    numsub: async (channels) => {
      const counts: Record<string, number> = await pair.pub.pubSubNumSub(channels);
      return channels.map((channel) => Number(counts[channel] ?? 0));
    },
    watch: watcherHub(pair),
  };
}

// ioredis: one "messageBuffer"/"pmessageBuffer" event for every channel, so the link routes by
// channel itself. ioredis resubscribes after a reconnect unless `autoResubscribe` is off; the
// adapter subscribes again on "ready" anyway, which Redis treats as a no-op.
function ioredisLink(pair: ClientPair): RedisLink {
  const exact = new Map<string, MessageHandler>();
  const patterns = new Map<string, MessageHandler>();
  let routed = false;
  const route = () => {
    if (routed) return;
    routed = true;
    pair.sub.on("messageBuffer", (channel: Buffer | string, message: Buffer) => {
      const name = String(channel);
      exact.get(name)?.(name, asBuffer(message));
    });
    pair.sub.on("pmessageBuffer", (pattern: Buffer | string, channel: Buffer | string, message: Buffer) => {
      patterns.get(String(pattern))?.(String(channel), asBuffer(message));
    });
  };
  return {
    publish: (channel, message) => pair.pub.publish(channel, typeof message === "string" ? message : asBuffer(message)),
    subscribe: (channels, handler) => {
      route();
      for (const channel of channels) exact.set(channel, handler);
      return pair.sub.subscribe(...channels);
    },
    psubscribe: (pattern, handler) => {
      route();
      patterns.set(pattern, handler);
      return pair.sub.psubscribe(pattern);
    },
    unsubscribe: async (channels, pattern) => {
      for (const channel of channels) exact.delete(channel);
      patterns.delete(pattern);
      if (pair.sub.status === "end") return;
      await pair.sub.unsubscribe(...channels);
      await pair.sub.punsubscribe(pattern);
    },
    numsub: async (channels) => {
      const reply: unknown[] = await pair.pub.pubsub("NUMSUB", ...channels);
      const counts = new Map<string, number>();
      for (let i = 0; i + 1 < reply.length; i += 2) counts.set(String(reply[i]), Number(reply[i + 1]));
      return channels.map((channel) => counts.get(channel) ?? 0);
    },
    watch: watcherHub(pair),
  };
}
