import type { AdapterNamespace } from "@socketry/adapter";
import { resolveOptions, type RedisStreamsAdapterOptions } from "./options.js";
import { createRedisLink } from "./redis-link.js";
import { RedisStreamsAdapter } from "./redis-streams-adapter.js";
import { StreamsHub } from "./streams-hub.js";

/**
 * Returns the adapter factory for a server: `new Server({ adapter: createAdapter(redisClient) })`
 * or `io.adapter(createAdapter(redisClient))`. `redisClient` (node-redis 4 to 6, or ioredis 5/6,
 * connected) sends the commands; the adapter opens its own connections for the blocking reads and
 * the subscriptions (duplicates of it) and closes them when the server closes.
 */
export function createAdapter(
  redisClient: unknown,
  opts?: RedisStreamsAdapterOptions,
): (nsp: AdapterNamespace) => RedisStreamsAdapter {
  const hub = new StreamsHub(createRedisLink(redisClient), resolveOptions(opts));
  // A function, not an arrow: servers call the adapter option with `new`.
  return function redisStreamsAdapter(nsp: AdapterNamespace): RedisStreamsAdapter {
    return new RedisStreamsAdapter(nsp, hub);
  };
}
