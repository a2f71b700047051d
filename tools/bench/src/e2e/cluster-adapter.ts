// The Redis adapter of a server child started with --redis=<port> (the two-node scenarios), one
// per kind (--redis-adapter=<kind>), each pair over node-redis v4 clients and default options:
// - classic: @socketry/redis-adapter's createAdapter, against the official @socket.io/redis-adapter's
//   (PUBLISH/SUBSCRIBE, a pub/sub client pair);
// - sharded: createShardedAdapter of both packages (Redis 7 sharded Pub/Sub: SPUBLISH/SSUBSCRIBE);
// - streams: @socketry/redis-streams-adapter against the official @socket.io/redis-streams-adapter
//   (XADD and a blocking XREAD; one client, which the adapter duplicates for its reads).
import { createClient } from "redis";
import type { Implementation } from "./implementations.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

export const REDIS_ADAPTER_KINDS = ["classic", "sharded", "streams"] as const;
export type RedisAdapterKind = (typeof REDIS_ADAPTER_KINDS)[number];

export function isRedisAdapterKind(name: string): name is RedisAdapterKind {
  return (REDIS_ADAPTER_KINDS as readonly string[]).includes(name);
}

export interface ClusterAdapter {
  /** the `adapter` server option */
  adapter: unknown;
  close(): Promise<void>;
}

type RedisClient = ReturnType<typeof createClient>;
type AdapterFactory = (clients: RedisClient[]) => unknown;

/** How many clients each kind needs, and how it builds the adapter from them (per implementation). */
async function factoryOf(
  implementation: "socketry" | "socket.io",
  kind: RedisAdapterKind,
): Promise<{ clients: number; create: AdapterFactory }> {
  const ours = implementation === "socketry";
  switch (kind) {
    case "classic": {
      const { createAdapter } = ours
        ? await import("@socketry/redis-adapter")
        : await import("@socket.io/redis-adapter");
      return { clients: 2, create: ([pub, sub]) => createAdapter(pub, sub) };
    }
    case "sharded": {
      const { createShardedAdapter } = ours
        ? await import("@socketry/redis-adapter")
        : await import("@socket.io/redis-adapter");
      return { clients: 2, create: ([pub, sub]) => createShardedAdapter(pub, sub) };
    }
    case "streams": {
      const { createAdapter } = ours
        ? await import("@socketry/redis-streams-adapter")
        : await import("@socket.io/redis-streams-adapter");
      return { clients: 1, create: ([client]) => createAdapter(client) };
    }
  }
}

export async function redisClusterAdapter(
  implementation: Implementation,
  port: number,
  kind: RedisAdapterKind,
): Promise<ClusterAdapter> {
  if (implementation !== "socketry" && implementation !== "socket.io")
    throw new Error(`--redis is not supported for ${implementation}`);
  const { clients: count, create } = await factoryOf(implementation, kind);
  const first = createClient({ url: `redis://127.0.0.1:${port}` });
  const clients = [first, ...Array.from({ length: count - 1 }, () => first.duplicate())];
  // node-redis throws an unhandled "error" event when the connection drops (the bench stops the
  // redis-server after the servers, so this only reports a real failure): log it once.
  let reported = false;
  for (const client of clients) {
    client.on("error", (error: unknown) => {
      if (!reported)
        process.stderr.write(`redis client error: ${error instanceof Error ? error.message : String(error)}\n`);
      reported = true;
    });
  }
  await withTimeout(Promise.all(clients.map((client) => client.connect())), STEP_TIMEOUT_MS, "redis clients connect");
  return {
    adapter: create(clients),
    close: async () => {
      await Promise.allSettled(clients.map((client) => client.quit()));
    },
  };
}
