// Every Redis client major the adapters support, each made the way its documentation shows, as
// pub/sub pairs on one redis-server (npm aliases: redis-v3, redis-v5, redis-v6, ioredis-v6).
import { createClient as createClientV4 } from "redis";
import { createClient as createClientV5 } from "redis-v5";
import { createClient as createClientV6 } from "redis-v6";
// @ts-expect-error -- node-redis 3 ships no type declarations
import redisV3 from "redis-v3";
import { Redis as IoredisV5 } from "ioredis";
import { Redis as IoredisV6 } from "ioredis-v6";

export interface ClientPair {
  pub: unknown;
  sub: unknown;
  /** Closes both clients, whatever state they are in. */
  quit(): Promise<unknown>;
}

export interface ClientLibrary {
  name: string;
  /** node-redis 3 knows no sharded Pub/Sub. */
  sharded: boolean;
  pair(port: number): Promise<ClientPair>;
}

function nodeRedis(name: string, createClient: (options: { url: string }) => any): ClientLibrary {
  return {
    name,
    sharded: true,
    async pair(port) {
      const pub = createClient({ url: `redis://127.0.0.1:${port}` });
      const sub = pub.duplicate();
      await Promise.all([pub.connect(), sub.connect()]);
      return { pub, sub, quit: () => Promise.allSettled([pub.disconnect(), sub.disconnect()]) };
    },
  };
}

function ioredis(name: string, Redis: new (port: number, host: string) => any): ClientLibrary {
  return {
    name,
    sharded: true,
    async pair(port) {
      const pub = new Redis(port, "127.0.0.1");
      const sub = pub.duplicate();
      return {
        pub,
        sub,
        quit: async () => {
          pub.disconnect();
          sub.disconnect();
        },
      };
    },
  };
}

export const clientLibraries: ClientLibrary[] = [
  {
    name: "node-redis 3",
    sharded: false,
    async pair(port) {
      const pub = redisV3.createClient({ host: "127.0.0.1", port });
      const sub = pub.duplicate();
      // Like the official suite: commands queue until connected, no connect() call.
      return {
        pub,
        sub,
        quit: () => Promise.all([pub, sub].map((client) => new Promise((resolve) => client.quit(resolve)))),
      };
    },
  },
  nodeRedis("node-redis 4", createClientV4 as never),
  nodeRedis("node-redis 5", createClientV5 as never),
  nodeRedis("node-redis 6", createClientV6 as never),
  ioredis("ioredis 5", IoredisV5),
  ioredis("ioredis 6", IoredisV6),
];
