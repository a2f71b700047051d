// The Redis adapter of a server child started with --redis=<port> (the two-node scenario):
// socketry with @socketry/redis-adapter, socket.io 4 with the official @socket.io/redis-adapter,
// both over the same node-redis v4 pub/sub client pair and their default options.
import { createClient } from "redis";
import type { Implementation } from "./implementations.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

export interface ClusterAdapter {
  /** the `adapter` server option */
  adapter: unknown;
  close(): Promise<void>;
}

export async function redisClusterAdapter(implementation: Implementation, port: number): Promise<ClusterAdapter> {
  if (implementation !== "socketry" && implementation !== "socket.io") throw new Error(`--redis is not supported for ${implementation}`);
  const pub = createClient({ url: `redis://127.0.0.1:${port}` });
  const sub = pub.duplicate();
  // node-redis throws an unhandled "error" event when the connection drops (the bench stops the
  // redis-server after the servers, so this only reports a real failure): log it once.
  let reported = false;
  for (const client of [pub, sub]) {
    client.on("error", (error: unknown) => {
      if (!reported) process.stderr.write(`redis client error: ${error instanceof Error ? error.message : String(error)}\n`);
      reported = true;
    });
  }
  await withTimeout(Promise.all([pub.connect(), sub.connect()]), STEP_TIMEOUT_MS, "redis clients connect");
  const { createAdapter } = implementation === "socketry" ? await import("@socketry/redis-adapter") : await import("@socket.io/redis-adapter");
  return {
    adapter: createAdapter(pub, sub),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
