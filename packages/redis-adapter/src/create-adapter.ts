// The two call forms: createAdapter(pubClient, subClient, opts) of @socket.io/redis-adapter, and
// the socket.io-redis form redisAdapter({ pubClient, subClient } | uri | { host, port }, opts).
import type { AdapterNamespace } from "@socketry/adapter";
import { invalidClient, invalidOption } from "./errors.js";
import { msgpackParser } from "./msgpack.js";
import { resolveOptions, type RedisAdapterOptions } from "./options.js";
import { connectOwnClients } from "./own-clients.js";
import { RedisAdapter } from "./redis-adapter.js";
import { createRedisLink, type RedisLink } from "./redis-link.js";
import { ShardedRedisAdapter } from "./sharded-adapter.js";
import { resolveShardedOptions, type ShardedRedisAdapterOptions } from "./sharded-options.js";

export type CreateAdapterOptions = Partial<RedisAdapterOptions>;

/** The adapter class handed to `new Server(srv, { adapter })`: one instance per namespace. */
export type RedisAdapterConstructor = new (nsp: AdapterNamespace) => RedisAdapter;

function adapterClass(
  link: RedisLink,
  options: Readonly<RedisAdapterOptions>,
  onClose?: () => void,
): RedisAdapterConstructor {
  return class BoundRedisAdapter extends RedisAdapter {
    constructor(nsp: AdapterNamespace) {
      super(nsp, link, options);
    }

    override async close(): Promise<void> {
      await super.close();
      onClose?.();
    }
  };
}

/** `createAdapter(pubClient, subClient, opts?)` with node-redis v4 or ioredis clients. */
export function createAdapter(
  pubClient: unknown,
  subClient: unknown,
  opts?: CreateAdapterOptions,
): RedisAdapterConstructor {
  const options = resolveOptions(opts, msgpackParser);
  return adapterClass(createRedisLink(pubClient, subClient), options);
}

/** The sharded adapter class handed to `new Server(srv, { adapter })`: one instance per namespace. */
export type ShardedRedisAdapterConstructor = new (nsp: AdapterNamespace) => ShardedRedisAdapter;

export type CreateShardedAdapterOptions = Partial<ShardedRedisAdapterOptions>;

/**
 * `createShardedAdapter(pubClient, subClient, opts?)`: Redis 7 sharded Pub/Sub, with node-redis
 * 4+ or ioredis clients, on one Redis or a Redis Cluster.
 */
export function createShardedAdapter(
  pubClient: unknown,
  subClient: unknown,
  opts?: CreateShardedAdapterOptions,
): ShardedRedisAdapterConstructor {
  const options = resolveShardedOptions(opts);
  const link = createRedisLink(pubClient, subClient);
  if (link.library === "node-redis-v3") {
    throw invalidClient("the sharded adapter needs node-redis 4+ or ioredis (node-redis 3 has no sharded Pub/Sub)");
  }
  return class BoundShardedRedisAdapter extends ShardedRedisAdapter {
    constructor(nsp: AdapterNamespace) {
      super(nsp, link, options);
    }
  };
}

/** Where the adapter connects when it creates its own clients (with the `redis` package). */
export interface RedisTarget {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
}

export interface LegacyAdapterOptions extends CreateAdapterOptions, RedisTarget {
  pubClient?: unknown;
  subClient?: unknown;
  uri?: string;
}

/**
 * The socket.io-redis call form: `redisAdapter({ pubClient, subClient, key })`, or a Redis URI /
 * `{ host, port }`, in which case the adapter creates and owns its two clients (and quits them
 * when its last namespace closes).
 */
export function redisAdapter(
  uri?: string | LegacyAdapterOptions,
  opts?: LegacyAdapterOptions,
): RedisAdapterConstructor {
  const given: LegacyAdapterOptions = typeof uri === "object" && uri !== null ? { ...uri, ...opts } : { ...opts };
  if (typeof uri === "string") given.uri = uri;
  else if (uri !== undefined && (typeof uri !== "object" || uri === null))
    throw invalidOption("uri", "a string or an object");
  const { pubClient, subClient, uri: url, host, port, username, password, db, ...adapterOptions } = given;
  const options = resolveOptions(adapterOptions, msgpackParser);
  if (pubClient !== undefined || subClient !== undefined) {
    return adapterClass(createRedisLink(pubClient, subClient ?? pubClient), options);
  }
  const own = connectOwnClients(url ?? { host, port, username, password, db });
  let open = 0;
  const Bound = adapterClass(own.link, options, () => {
    if (--open === 0) own.release();
  });
  return class OwnClientsRedisAdapter extends Bound {
    constructor(nsp: AdapterNamespace) {
      super(nsp);
      open++;
    }
  };
}
