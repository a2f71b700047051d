// biome-ignore-all lint/suspicious/noExplicitAny: the client libraries are duck-typed
// What the adapter needs from a Redis client, for node-redis 4/5/6 and ioredis 5/6 alike: raw
// commands (their RESP2 replies are parsed in stream-entries.ts, so both libraries give the same
// shapes), Pub/Sub with binary payloads, and duplicate connections (for blocking reads and
// subscriptions, which would otherwise hold up the user's client).
import { invalidClient } from "./errors.js";
import { log } from "./log.js";

export type PayloadHandler = (payload: Buffer) => void;

export interface RedisLink {
  readonly library: "node-redis" | "ioredis";
  /** Runs one command; the reply as the library gives raw replies (strings, arrays, null). */
  command(args: string[]): Promise<unknown>;
  publish(channel: string, payload: Buffer, sharded: boolean): Promise<unknown>;
  /** A new connection with the same settings, connected. */
  duplicate(): Promise<RedisLink>;
  /** Calls `listener` each time this connection is ready again after it dropped. */
  onReconnect(listener: () => void): void;
  /** Subscribes this connection to `channels`; each payload goes to `handler`. */
  subscribe(channels: string[], handler: PayloadHandler, sharded: boolean): Promise<void>;
  unsubscribe(channels: string[], sharded: boolean): Promise<void>;
  /** Connections subscribed to `channel` (on every node of a Redis Cluster). */
  numsub(channel: string, sharded: boolean): Promise<number>;
  /** Closes a connection this package created (never the user's client). */
  destroy(): void;
}

export function isNodeRedis(client: any): boolean {
  return typeof client?.pSubscribe === "function" && typeof client?.sendCommand === "function";
}

/** A node-redis cluster (`createCluster`): its sendCommand takes the key that picks the node. */
export function isNodeRedisCluster(client: any): boolean {
  return isNodeRedis(client) && typeof client.nodeClient === "function" && "masters" in client;
}

/**
 * The key of a command the adapter sends (it sends single-key commands only): the stream of an
 * XREAD (`... STREAMS <key> <id>`), otherwise the first argument.
 */
export function keyOf(args: string[]): string | undefined {
  return args[0] === "XREAD" ? args[args.length - 2] : args[1];
}

export function isIoredis(client: any): boolean {
  return typeof client?.psubscribe === "function" && typeof client?.call === "function";
}

export function createRedisLink(client: unknown): RedisLink {
  if (isNodeRedis(client)) return nodeRedisLink(client);
  if (isIoredis(client)) return ioredisLink(client);
  throw invalidClient();
}

const asBuffer = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(String(value)));

/** The count in a `PUBSUB NUMSUB <channel>` reply: `[channel, count]` (or a map in RESP3). */
function countOf(reply: unknown): number {
  const count = Array.isArray(reply)
    ? reply[1]
    : reply instanceof Map
      ? reply.values().next().value
      : Object.values(reply ?? {})[0];
  const n = Number(count);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

const numsubArgs = (channel: string, sharded: boolean) => ["PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel];

const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);

function closeQuietly(client: any): void {
  try {
    const closing = typeof client.destroy === "function" ? client.destroy() : client.disconnect();
    Promise.resolve(closing).catch(() => {});
  } catch (error) {
    log("could not close a connection: %s", (error as Error)?.message);
  }
}

function nodeRedisLink(client: any): RedisLink {
  // Keyed by channel: node-redis keeps a set of listeners per channel, one of ours each.
  const listeners = new Map<string, (message: Buffer) => void>();
  const cluster = isNodeRedisCluster(client);
  return {
    library: "node-redis",
    command: cluster ? (args) => client.sendCommand(keyOf(args), false, args) : (args) => client.sendCommand(args),
    publish: (channel, payload, sharded) =>
      sharded ? client.sPublish(channel, payload) : client.publish(channel, payload),
    async duplicate() {
      const copy = client.duplicate();
      // The library emits "error" on every lost connection; it reconnects by itself.
      copy.on("error", (error: Error) => log("connection error: %s", error?.message));
      try {
        await copy.connect();
      } catch (error) {
        closeQuietly(copy); // it would otherwise go on reconnecting, unused
        throw error;
      }
      return nodeRedisLink(copy);
    },
    async subscribe(channels, handler, sharded) {
      for (const channel of channels) {
        const listener = (message: Buffer) => handler(asBuffer(message));
        listeners.set(channel, listener);
        await (sharded ? client.sSubscribe(channel, listener, true) : client.subscribe(channel, listener, true));
      }
    },
    async unsubscribe(channels, sharded) {
      if (client.isOpen === false) return;
      for (const channel of channels) {
        const listener = listeners.get(channel);
        listeners.delete(channel);
        await (sharded ? client.sUnsubscribe(channel, listener, true) : client.unsubscribe(channel, listener, true));
      }
    },
    async numsub(channel, sharded) {
      const args = numsubArgs(channel, sharded);
      if (!cluster) return countOf(await client.sendCommand(args));
      // A shard channel's subscribers are on the masters (one of them); classic ones on any node.
      const nodes: unknown[] = sharded ? [...client.masters] : [...client.masters, ...client.replicas];
      return sum(
        await Promise.all(nodes.map(async (node) => countOf(await (await client.nodeClient(node)).sendCommand(args)))),
      );
    },
    onReconnect: (listener) => onReadyAgain(client, listener),
    destroy: () => closeQuietly(client),
  };
}

/** Both libraries emit "ready" on every (re)connection: all but the first are reconnections. */
function onReadyAgain(client: any, listener: () => void): void {
  let connectedBefore = client.isReady === true || client.status === "ready";
  client.on("ready", () => {
    if (connectedBefore) listener();
    connectedBefore = true;
  });
}

function ioredisLink(client: any): RedisLink {
  const handlers = new Map<string, PayloadHandler>();
  let routing = false;
  const route = (channel: Buffer | string, payload: Buffer) => handlers.get(String(channel))?.(asBuffer(payload));
  return {
    library: "ioredis",
    command: ([name, ...args]) => client.call(name, ...args),
    publish: (channel, payload, sharded) =>
      sharded ? client.spublish(channel, payload) : client.publish(channel, payload),
    async duplicate() {
      const copy = client.duplicate();
      copy.on("error", (error: Error) => log("connection error: %s", error?.message));
      try {
        if (copy.options?.lazyConnect) await copy.connect();
      } catch (error) {
        closeQuietly(copy);
        throw error;
      }
      return ioredisLink(copy);
    },
    async subscribe(channels, handler, sharded) {
      if (!routing) {
        routing = true;
        client.on("messageBuffer", route);
        client.on("smessageBuffer", route);
      }
      for (const channel of channels) handlers.set(channel, handler);
      await (sharded ? client.ssubscribe(...channels) : client.subscribe(...channels));
    },
    async unsubscribe(channels, sharded) {
      for (const channel of channels) handlers.delete(channel);
      if (client.status === "end" || channels.length === 0) return;
      await (sharded ? client.sunsubscribe(...channels) : client.unsubscribe(...channels));
    },
    async numsub(channel, sharded) {
      const args = numsubArgs(channel, sharded);
      const nodes: any[] = client.isCluster === true ? client.nodes(sharded ? "master" : "all") : [client];
      return sum(await Promise.all(nodes.map(async (node) => countOf(await node.call(...args)))));
    },
    onReconnect: (listener) => onReadyAgain(client, listener),
    destroy: () => closeQuietly(client),
  };
}
