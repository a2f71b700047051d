import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { Socket as ClientSocket } from "socket.io-client";
import redisAdapter, {
  createAdapter,
  createShardedAdapter,
  REDIS_ADAPTER_DEFAULTS,
  RedisAdapterError,
  SHARDED_ADAPTER_DEFAULTS,
  type RedisAdapter,
} from "../src/index.js";
// @ts-expect-error -- node-redis 3 ships no type declarations
import redisV3 from "redis-v3";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const adapterOf = (node: TestNode) => node.io.of("/").adapter as unknown as RedisAdapter;

async function pairOfNodesTalk(adapters: [unknown, unknown]): Promise<void> {
  const a = await startNode(adapters[0]);
  const b = await startNode(adapters[1]);
  let client: ClientSocket | undefined;
  try {
    client = await connect(b.port);
    await until(async () => (await adapterOf(a).serverCount()) === 2, 5000, "2 nodes");
    const received = nextEvent(client, "hello");
    a.io.emit("hello", "world");
    expect(await received).toEqual(["world"]);
  } finally {
    client?.disconnect();
    await a.close();
    await b.close();
  }
}

describe("the socket.io-redis call form (default export)", () => {
  it("takes { pubClient, subClient, key }", async () => {
    const clients = [0, 1].map(() => new Redis(redis.port, "127.0.0.1"));
    const others = [0, 1].map(() => new Redis(redis.port, "127.0.0.1"));
    try {
      await pairOfNodesTalk([
        redisAdapter({ pubClient: clients[0], subClient: clients[1], key: "legacy" }),
        redisAdapter({ pubClient: others[0], subClient: others[1], key: "legacy" }),
      ]);
    } finally {
      for (const client of [...clients, ...others]) client.disconnect();
    }
  });

  it("takes a Redis URI and creates its own clients", async () => {
    await pairOfNodesTalk([redisAdapter(redis.url, { key: "by-uri" }), redisAdapter(redis.url, { key: "by-uri" })]);
  });

  it("takes { host, port } and creates its own clients", async () => {
    const target = { host: "127.0.0.1", port: redis.port, key: "by-host" };
    await pairOfNodesTalk([redisAdapter(target), redisAdapter(target)]);
  });

  it("isolates clusters by key", async () => {
    const a = await startNode(redisAdapter(redis.url, { key: "one" }));
    const b = await startNode(redisAdapter(redis.url, { key: "two" }));
    try {
      await until(() => adapterOf(a).health.subscribed && adapterOf(b).health.subscribed, 5000, "subscribed");
      expect(await adapterOf(a).serverCount()).toBe(1);
      expect(adapterOf(a).channels.broadcast).toBe("one#/#");
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("options", () => {
  it("has the official defaults", () => {
    expect(REDIS_ADAPTER_DEFAULTS).toMatchObject({ key: "socket.io", requestsTimeout: 5000 });
  });

  it("rejects a client that is neither node-redis nor ioredis", () => {
    const error = (() => {
      try {
        createAdapter({}, {});
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(RedisAdapterError);
    expect((error as RedisAdapterError).code).toBe("ERR_REDIS_ADAPTER_INVALID_CLIENT");
    expect(error).toBeInstanceOf(TypeError);
  });

  it("rejects invalid options with a coded error", () => {
    const client = new Redis(redis.port, "127.0.0.1", { lazyConnect: true });
    for (const bad of [
      { requestsTimeout: -1 },
      { key: 3 },
      { parser: {} },
      { heartbeatInterval: 500, heartbeatTimeout: 100 },
    ]) {
      expect(() => createAdapter(client, client, bad as never)).toThrow(
        expect.objectContaining({ code: "ERR_REDIS_ADAPTER_INVALID_OPTION" }),
      );
      expect(() => createAdapter(client, client, bad as never)).toThrow(TypeError);
    }
    client.disconnect();
  });

  it("never modifies the caller's options", () => {
    const client = new Redis(redis.port, "127.0.0.1", { lazyConnect: true });
    const options = Object.freeze({ key: "frozen", requestsTimeout: 100 });
    expect(() => createAdapter(client, client, options)).not.toThrow();
    expect(options).toEqual({ key: "frozen", requestsTimeout: 100 });
    client.disconnect();
  });

  it("uses a custom parser for broadcasts", async () => {
    const json = {
      encode: (value: unknown) => JSON.stringify(value),
      decode: (data: Uint8Array) => JSON.parse(Buffer.from(data).toString()),
    };
    const pairs = [0, 1, 2, 3].map(() => new Redis(redis.port, "127.0.0.1"));
    try {
      await pairOfNodesTalk([
        createAdapter(pairs[0], pairs[1], { key: "json", parser: json }),
        createAdapter(pairs[2], pairs[3], { key: "json", parser: json }),
      ]);
    } finally {
      for (const client of pairs) client.disconnect();
    }
  });
});

describe("the official adapter's option fields", () => {
  it("requestsTimeout, publishOnSpecificResponseChannel and parser read as given", async () => {
    const parser = { encode: (value: unknown) => JSON.stringify(value), decode: (data: Uint8Array) => data };
    const clients = [0, 1].map(() => new Redis(redis.port, "127.0.0.1"));
    const node = await startNode(
      createAdapter(clients[0], clients[1], { requestsTimeout: 1234, publishOnSpecificResponseChannel: true, parser }),
    );
    try {
      const adapter = adapterOf(node);
      expect(adapter.requestsTimeout).toBe(1234);
      expect(adapter.publishOnSpecificResponseChannel).toBe(true);
      expect(adapter.parser).toBe(parser);
    } finally {
      await node.close();
      for (const client of clients) client.disconnect();
    }
  });
});

describe("sharded adapter options", () => {
  it("has the official defaults", () => {
    expect(SHARDED_ADAPTER_DEFAULTS).toMatchObject({ channelPrefix: "socket.io", subscriptionMode: "dynamic" });
  });

  it("rejects invalid options with a coded error, and never modifies the caller's", () => {
    const client = new Redis(redis.port, "127.0.0.1", { lazyConnect: true });
    for (const bad of [
      { subscriptionMode: "sometimes" },
      { channelPrefix: 1 },
      { requestsTimeout: 0 },
      { heartbeatInterval: 500, heartbeatTimeout: 100 },
    ]) {
      expect(() => createShardedAdapter(client, client, bad as never)).toThrow(
        expect.objectContaining({ code: "ERR_REDIS_ADAPTER_INVALID_OPTION" }),
      );
    }
    const options = Object.freeze({ subscriptionMode: "static" as const });
    expect(() => createShardedAdapter(client, client, options)).not.toThrow();
    expect(options).toEqual({ subscriptionMode: "static" });
    client.disconnect();
  });

  it("rejects node-redis 3, which has no sharded Pub/Sub", () => {
    const client = redisV3.createClient({ host: "127.0.0.1", port: redis.port });
    try {
      expect(() => createShardedAdapter(client, client)).toThrow(
        expect.objectContaining({ code: "ERR_REDIS_ADAPTER_INVALID_CLIENT" }),
      );
    } finally {
      client.quit();
    }
  });
});

describe("own clients and an unreachable Redis", () => {
  it("reports connection errors on the adapter, never crashes, and closes", async () => {
    const closedPort = await (async () => {
      const { createServer } = await import("node:net");
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      await new Promise((resolve) => server.close(resolve));
      return port;
    })();
    const node = await startNode(redisAdapter(`redis://127.0.0.1:${closedPort}`, { requestsTimeout: 300 }));
    const errors: RedisAdapterError[] = [];
    adapterOf(node).on("error", (err: RedisAdapterError) => errors.push(err));
    await until(() => errors.length > 0, 5000, "a connection error");
    expect(errors[0]).toBeInstanceOf(RedisAdapterError);
    expect(errors[0]!.code).toBe("ERR_REDIS_ADAPTER_CLIENT_ERROR");
    expect(adapterOf(node).health).toMatchObject({ subscribed: false, lastError: errors.at(-1) });
    await node.close();
  });
});
