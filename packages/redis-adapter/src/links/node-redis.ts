// biome-ignore-all lint/suspicious/noExplicitAny: the client library is duck-typed
// node-redis 4, 5 and 6 (`redis`), a single client or a cluster (`createCluster`): listeners are
// registered per channel and, in buffer mode (`true`), get the message as a Buffer. The client
// keeps a Set of listeners per channel, so subscribing the same function again is a no-op, and it
// resubscribes by itself after a reconnect.
import { asBuffer, countsFromPairs, outgoing, sumCounts, type MessageHandler, type RedisLink } from "./types.js";
import { watcherHub } from "./watch.js";

type Listener = (message: Buffer, channel: Buffer | string) => void;

export function isNodeRedis(client: any): boolean {
  return typeof client?.pSubscribe === "function" && typeof client?.publish === "function";
}

export function isNodeRedisCluster(client: any): boolean {
  return isNodeRedis(client) && typeof client.nodeClient === "function" && "masters" in client;
}

export function nodeRedisLink(pub: any, sub: any): RedisLink {
  const cluster = isNodeRedisCluster(pub);
  const listeners = new Map<MessageHandler, Listener>();
  const wrap = (handler: MessageHandler): Listener => {
    let listener = listeners.get(handler);
    if (!listener) {
      listener = (message, channel) => handler(String(channel), asBuffer(message));
      listeners.set(handler, listener);
    }
    return listener;
  };
  // A closed client never settles these promises: nothing to unsubscribe from then.
  const open = () => sub.isOpen !== false;

  /** Raw `PUBSUB <sub> channels...` on the standalone client, or on every (master) node of a cluster. */
  const pubsubCounts = async (subcommand: string, channels: string[], mastersOnly: boolean): Promise<number[]> => {
    const args = ["PUBSUB", subcommand, ...channels];
    if (!cluster) return sumCounts(channels, [countsFromPairs(await pub.sendCommand(args))]);
    const nodes: unknown[] = mastersOnly ? [...pub.masters] : [...pub.masters, ...pub.replicas];
    const replies = await Promise.all(
      nodes.map(async (node) => countsFromPairs(await (await pub.nodeClient(node)).sendCommand(args))),
    );
    return sumCounts(channels, replies);
  };

  return {
    library: "node-redis",
    pubClient: pub,
    subClient: sub,
    cluster,
    publish: (channel, message) => pub.publish(channel, outgoing(message)),
    subscribe: (channels, handler) => sub.subscribe(channels, wrap(handler), true),
    psubscribe: (pattern, handler) => sub.pSubscribe(pattern, wrap(handler), true),
    unsubscribe: async (channels, patterns, handler) => {
      if (!open()) return;
      const listener = handler && listeners.get(handler);
      // One channel per command: node-redis 4 mishandles a listener removed from several at once.
      await Promise.all([
        ...channels.map((channel) => sub.unsubscribe(channel, listener, true)),
        ...patterns.map((pattern) => sub.pUnsubscribe(pattern, listener, true)),
      ]);
    },
    // A shard channel's subscribers are all on the master owning its slot, hence masters only.
    numsub: (channels) => pubsubCounts("NUMSUB", channels, false),
    spublish: (channel, message) => pub.sPublish(channel, outgoing(message)),
    ssubscribe: (channels, handler) => sub.sSubscribe(channels, wrap(handler), true),
    sunsubscribe: async (channels, handler) => {
      if (!open() || channels.length === 0) return;
      const listener = handler && listeners.get(handler);
      await Promise.all(channels.map((channel) => sub.sUnsubscribe(channel, listener, true)));
    },
    shardNumsub: (channels) => pubsubCounts("SHARDNUMSUB", channels, true),
    watch: watcherHub(pub, sub),
  };
}
