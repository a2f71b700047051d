// biome-ignore-all lint/suspicious/noExplicitAny: the servers' own adapter option types
import type { AdapterNamespace } from "@socketry/adapter";
import { resolveOptions, type RedisStreamsAdapterOptions } from "./options.js";
import { createRedisLink } from "./redis-link.js";
import { RedisStreamsAdapter } from "./redis-streams-adapter.js";
import { StreamsHub } from "./streams-hub.js";

/**
 * What createAdapter returns. The official server calls it with a namespace and types the result
 * as socket.io-adapter's Adapter (a class with private members, which only `any` satisfies);
 * socketry's server constructs it with `new`.
 */
export interface RedisStreamsAdapterFactory {
  (nsp: any): any;
  new (nsp: any): RedisStreamsAdapter;
}

/**
 * Returns the adapter factory for a server: `new Server({ adapter: createAdapter(redisClient) })`
 * or `io.adapter(createAdapter(redisClient))`. `redisClient` (node-redis 4 to 6, or ioredis 5/6,
 * connected) sends the commands; the adapter opens its own connections for the blocking reads and
 * the subscriptions (duplicates of it) and closes them when the server closes.
 */
export function createAdapter(redisClient: unknown, opts?: RedisStreamsAdapterOptions): RedisStreamsAdapterFactory {
  const hub = new StreamsHub(createRedisLink(redisClient), resolveOptions(opts));
  // A function, not an arrow: socketry's server calls the adapter option with `new`.
  function redisStreamsAdapter(nsp: AdapterNamespace): RedisStreamsAdapter {
    return new RedisStreamsAdapter(nsp, hub);
  }
  return redisStreamsAdapter as unknown as RedisStreamsAdapterFactory;
}
