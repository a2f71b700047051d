// biome-ignore-all lint/suspicious/noExplicitAny: the redis package is an optional peer
// Clients the adapter creates itself (socket.io-redis form with a URI or { host, port }): the
// `redis` package is loaded on first use, so users of ioredis or of their own clients never need it.
import { RedisAdapterError } from "./errors.js";
import { log } from "./log.js";
import { createRedisLink, type RedisLink } from "./redis-link.js";

interface Target {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
}

export interface OwnClients {
  /** Usable at once: every call waits until the clients are connected. */
  link: RedisLink;
  /** Quits both clients. */
  release(): void;
}

export function connectOwnClients(target: string | Target): OwnClients {
  const watchers = new Set<Parameters<RedisLink["watch"]>[0]>();
  let clients: { pub: any; sub: any } | undefined;
  let linked = false;
  const ready: Promise<RedisLink> = (async () => {
    let redis: any;
    try {
      redis = await import("redis");
    } catch (err) {
      throw new RedisAdapterError(
        "ERR_REDIS_ADAPTER_REDIS_MISSING",
        "the Redis URI form needs the `redis` package (npm i redis)",
        {
          cause: err,
        },
      );
    }
    const createClient = redis.createClient ?? redis.default?.createClient;
    const options =
      typeof target === "string"
        ? { url: target }
        : {
            socket: { host: target.host ?? "127.0.0.1", port: target.port ?? 6379 },
            username: target.username,
            password: target.password,
            database: target.db,
          };
    const pub = createClient(options);
    const sub = pub.duplicate();
    clients = { pub, sub };
    // Stays for the clients' lifetime, so an "error" is never unhandled: before the link is up it
    // goes to the adapters (connection refused while connecting), afterwards their own listeners
    // take it, and with no adapter left it is only logged.
    const fallback = (err: unknown) => {
      if (watchers.size === 0) return log("own client error: %s", err instanceof Error ? err.message : String(err));
      if (!linked) for (const watcher of watchers) watcher.error(err);
    };
    pub.on("error", fallback);
    sub.on("error", fallback);
    await Promise.all([pub.connect(), sub.connect()]);
    linked = true;
    return createRedisLink(pub, sub);
  })();
  ready.catch(() => {}); // reported through every call below

  const link: RedisLink = {
    library: "node-redis",
    cluster: false,
    get pubClient() {
      return clients?.pub;
    },
    get subClient() {
      return clients?.sub;
    },
    publish: async (channel, message) => (await ready).publish(channel, message),
    subscribe: async (channels, handler) => (await ready).subscribe(channels, handler),
    psubscribe: async (pattern, handler) => (await ready).psubscribe(pattern, handler),
    unsubscribe: async (channels, patterns, handler) => (await ready).unsubscribe(channels, patterns, handler),
    numsub: async (channels) => (await ready).numsub(channels),
    spublish: async (channel, message) => (await ready).spublish(channel, message),
    ssubscribe: async (channels, handler) => (await ready).ssubscribe(channels, handler),
    sunsubscribe: async (channels, handler) => (await ready).sunsubscribe(channels, handler),
    shardNumsub: async (channels) => (await ready).shardNumsub(channels),
    watch: (events) => {
      watchers.add(events);
      // `ready` rejects only when the link cannot be built at all (no `redis` package, closed early).
      let unwatch: (() => void) | undefined;
      let removed = false;
      ready.then(
        (real) => {
          if (!removed) unwatch = real.watch(events);
        },
        (err: unknown) => {
          if (!removed) events.error(err);
        },
      );
      return () => {
        removed = true;
        watchers.delete(events);
        unwatch?.();
      };
    },
  };
  return {
    link,
    release: () => {
      // A client still connecting (Redis unreachable) is disconnected, which also ends its retries.
      for (const client of [clients?.pub, clients?.sub]) {
        if (!client) continue;
        const closing = client.isReady ? client.quit() : client.disconnect();
        Promise.resolve(closing).catch(() => {});
      }
    },
  };
}
