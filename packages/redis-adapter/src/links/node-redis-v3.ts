// biome-ignore-all lint/suspicious/noExplicitAny: the client library is duck-typed
// node-redis 3 (`redis@3`): a callback API (`publish(channel, message, cb)` returns a boolean, not
// a promise), "messageBuffer"/"pmessageBuffer" events for every channel, and resubscription after
// a reconnect by the client itself. It knows no sharded Pub/Sub.
import { invalidClient } from "../errors.js";
import { MessageRouter } from "./router.js";
import { countsFromPairs, outgoing, sumCounts, type RedisLink } from "./types.js";
import { watcherHub } from "./watch.js";

export function isNodeRedisV3(client: any): boolean {
  return typeof client?.internal_send_command === "function" && typeof client?.psubscribe === "function";
}

/** Runs `client[command](...args, callback)` as a promise. */
function call(client: any, command: string, args: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => {
    client[command](...args, (err: unknown, reply: unknown) => (err ? reject(err) : resolve(reply)));
  });
}

function noSharding(): Promise<never> {
  return Promise.reject(invalidClient("node-redis 3 does not support sharded Pub/Sub"));
}

export function nodeRedisV3Link(pub: any, sub: any): RedisLink {
  const router = new MessageRouter(sub);
  const closed = () => sub.closing === true;
  return {
    library: "node-redis-v3",
    pubClient: pub,
    subClient: sub,
    cluster: false,
    publish: (channel, message) => call(pub, "publish", [channel, outgoing(message)]),
    subscribe: (channels, handler) => {
      router.add(router.exact, channels, handler);
      return call(sub, "subscribe", channels);
    },
    psubscribe: (pattern, handler) => {
      router.add(router.patterns, [pattern], handler);
      return call(sub, "psubscribe", [pattern]);
    },
    unsubscribe: async (channels, patterns, handler) => {
      const exact = router.remove(router.exact, channels, handler);
      const globs = router.remove(router.patterns, patterns, handler);
      if (closed()) return;
      if (exact.length > 0) await call(sub, "unsubscribe", exact);
      if (globs.length > 0) await call(sub, "punsubscribe", globs);
    },
    numsub: async (channels) =>
      sumCounts(channels, [countsFromPairs(await call(pub, "send_command", ["pubsub", ["numsub", ...channels]]))]),
    spublish: noSharding,
    ssubscribe: noSharding,
    sunsubscribe: async () => {},
    shardNumsub: noSharding,
    watch: watcherHub(pub, sub),
  };
}
