// biome-ignore-all lint/suspicious/noExplicitAny: the client library is duck-typed
// ioredis 5 and 6, a single client or a `Cluster`. ioredis resubscribes after a reconnect unless
// `autoResubscribe` is off; the adapter subscribes again on "ready" anyway, which Redis treats as
// a no-op.
import { MessageRouter } from "./router.js";
import { countsFromPairs, outgoing, sumCounts, type RedisLink } from "./types.js";
import { watcherHub } from "./watch.js";

export function isIoredis(client: any): boolean {
  return (
    typeof client?.psubscribe === "function" &&
    typeof client?.publish === "function" &&
    typeof client?.call === "function"
  );
}

export function ioredisLink(pub: any, sub: any): RedisLink {
  const cluster = pub.isCluster === true;
  const router = new MessageRouter(sub);
  const ended = () => sub.status === "end";

  const pubsubCounts = async (subcommand: string, channels: string[], role: "all" | "master"): Promise<number[]> => {
    const nodes: any[] = cluster ? pub.nodes(role) : [pub];
    const replies = await Promise.all(
      nodes.map(async (node) => countsFromPairs(await node.call("PUBSUB", subcommand, ...channels))),
    );
    return sumCounts(channels, replies);
  };

  return {
    library: "ioredis",
    pubClient: pub,
    subClient: sub,
    cluster,
    publish: (channel, message) => pub.publish(channel, outgoing(message)),
    subscribe: (channels, handler) => {
      router.add(router.exact, channels, handler);
      return sub.subscribe(...channels);
    },
    psubscribe: (pattern, handler) => {
      router.add(router.patterns, [pattern], handler);
      return sub.psubscribe(pattern);
    },
    unsubscribe: async (channels, patterns, handler) => {
      const exact = router.remove(router.exact, channels, handler);
      const globs = router.remove(router.patterns, patterns, handler);
      if (ended()) return;
      if (exact.length > 0) await sub.unsubscribe(...exact);
      if (globs.length > 0) await sub.punsubscribe(...globs);
    },
    numsub: (channels) => pubsubCounts("NUMSUB", channels, "all"),
    spublish: (channel, message) => pub.spublish(channel, outgoing(message)),
    ssubscribe: (channels, handler) => {
      router.add(router.sharded, channels, handler);
      return sub.ssubscribe(...channels);
    },
    sunsubscribe: async (channels, handler) => {
      const names = router.remove(router.sharded, channels, handler);
      if (ended() || names.length === 0) return;
      await sub.sunsubscribe(...names);
    },
    shardNumsub: (channels) => pubsubCounts("SHARDNUMSUB", channels, "master"),
    watch: watcherHub(pub, sub),
  };
}
