import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { Redis } from "ioredis";
import type { Socket as ClientSocket } from "socket.io-client";
import {
  createAdapter,
  createShardedAdapter,
  RedisAdapterError,
  type RedisAdapter,
  type RedisAdapterHealth,
  type ShardedRedisAdapter,
} from "../src/index.js";
import { log } from "../src/log.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";
import { clientLibraries, type ClientPair } from "./helpers/client-libraries.js";

let redis: RedisServer;
let cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const fast = { heartbeatInterval: 100, heartbeatTimeout: 400, requestsTimeout: 800 };

async function nodeRedisPair(): Promise<{ pub: unknown; sub: unknown }> {
  const pub = createClient({ url: redis.url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  cleanups.push(() => Promise.allSettled([pub.disconnect(), sub.disconnect()]));
  return { pub, sub };
}

function ioredisPair(options: { autoResubscribe?: boolean } = {}): { pub: Redis; sub: Redis } {
  const pub = new Redis(redis.port, "127.0.0.1", options);
  const sub = new Redis(redis.port, "127.0.0.1", options);
  cleanups.push(() => {
    pub.disconnect();
    sub.disconnect();
  });
  return { pub, sub };
}

async function nodes(
  count: number,
  pair: () => Promise<{ pub: unknown; sub: unknown }> | { pub: unknown; sub: unknown },
): Promise<TestNode[]> {
  const started: TestNode[] = [];
  for (let i = 0; i < count; i++) {
    const { pub, sub } = await pair();
    const node = await startNode(createAdapter(pub, sub, fast));
    cleanups.push(() => node.close());
    started.push(node);
  }
  await until(async () => (await adapterOf(started[0]!).serverCount()) === count, 5000, `${count} nodes`);
  return started;
}

async function client(node: TestNode): Promise<ClientSocket> {
  const socket = await connect(node.port);
  cleanups.push(() => socket.disconnect());
  return socket;
}

const adapterOf = (node: TestNode) => node.io.of("/").adapter as unknown as RedisAdapter;

/** Emits from `from` until `to`'s client gets it: traffic flows through Redis again. */
async function trafficFlows(from: TestNode, to: ClientSocket, ms = 10_000): Promise<void> {
  const received = record(to, "probe");
  await until(
    () => {
      from.io.emit("probe");
      return received.length > 0;
    },
    ms,
    "traffic after the Redis restart",
  );
  to.off("probe");
}

describe("Redis restarting mid-traffic", () => {
  const cases = {
    "node-redis": () => nodeRedisPair(),
    ioredis: () => ioredisPair(),
    // The adapter subscribes again by itself when the client does not.
    "ioredis with autoResubscribe off": () => ioredisPair({ autoResubscribe: false }),
  };
  for (const [name, pair] of Object.entries(cases)) {
    it(`reconnects, resubscribes and reports errors on the adapter (${name})`, async () => {
      const [a, b] = await nodes(2, pair);
      const clientB = await client(b!);
      await trafficFlows(a!, clientB);
      const errors: unknown[] = [];
      adapterOf(a!).on("error", (err) => errors.push(err));
      // b has no "error" listener at all: its errors must not become unhandled.
      const during = record(clientB, "during");
      const ticker = setInterval(() => a!.io.emit("during"), 20);
      try {
        await redis.restart(300);
        await trafficFlows(a!, clientB);
      } finally {
        clearInterval(ticker);
      }
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]).toBeInstanceOf(RedisAdapterError);
      expect((errors[0] as RedisAdapterError).code).toBe("ERR_REDIS_ADAPTER_CLIENT_ERROR");
      await until(() => adapterOf(b!).health.subscribed && adapterOf(a!).health.subscribed, 5000, "subscribed again");
      await until(async () => (await adapterOf(b!).serverCount()) === 2, 5000, "peers found again");
      const fetched = await a!.io.fetchSockets();
      expect(fetched.map((socket) => socket.id)).toEqual([clientB.id]);
      expect(during.length).toBeGreaterThan(0);
    });
  }
});

describe("a node that stops answering", () => {
  it("a request ends at requestsTimeout with the answers it has", async () => {
    const [a, b] = await nodes(2, nodeRedisPair);
    const clientB = await client(b!);
    // A silent subscriber of the request channel looks like an official node that never answers.
    const silent = ioredisPair().sub;
    await silent.subscribe(adapterOf(a!).channels.request);
    await until(async () => (await adapterOf(a!).serverCount()) === 3, 3000, "silent node counted");
    b!.io.on("ask", (ack: (v: string) => void) => ack("from b"));

    const fetched = await a!.io.fetchSockets();
    expect(fetched.map((socket) => socket.id)).toEqual([clientB.id]);
    expect(adapterOf(a!).health.pendingRequests).toBe(0);

    const [err, responses] = await new Promise<[Error | null, unknown[]]>((resolve) =>
      a!.io.serverSideEmit("ask", (e: Error | null, r: unknown[]) => resolve([e, r])),
    );
    expect(err).toBeInstanceOf(RedisAdapterError);
    expect((err as RedisAdapterError).code).toBe("ERR_REDIS_ADAPTER_REQUEST_TIMEOUT");
    expect(responses).toEqual(["from b"]);
  });

  it("a socketry peer that dies is no longer waited for once its heartbeat stops", async () => {
    const [a, b] = await nodes(2, () => ioredisPair());
    const cClients = ioredisPair();
    const c = await startNode(createAdapter(cClients.pub, cClients.sub, fast));
    cleanups.push(() => c.close());
    await until(async () => (await adapterOf(a!).serverCount()) === 3, 5000, "3 nodes");
    b!.io.on("ask", (ack: (v: string) => void) => ack("from b"));
    // c gets the request, never answers, and loses Redis at once (no goodbye), as a dying process.
    c.io.on("ask", () => {
      cClients.pub.disconnect();
      cClients.sub.disconnect();
    });
    const [err, responses] = await new Promise<[Error | null, unknown[]]>((resolve) =>
      a!.io.serverSideEmit("ask", (e: Error | null, r: unknown[]) => resolve([e, r])),
    );
    expect(err).toBeNull();
    expect(responses).toEqual(["from b"]);
    expect(adapterOf(a!).health.peers).toBe(1);
    expect(await adapterOf(a!).serverCount()).toBe(2);
  });
});

describe("a node whose subscriber is gone", () => {
  it("stops beating, so the others stop counting it (its publisher still works)", async () => {
    const [a] = await nodes(1, () => ioredisPair());
    const cClients = ioredisPair();
    const c = await startNode(createAdapter(cClients.pub, cClients.sub, fast));
    cleanups.push(() => c.close());
    await until(async () => (await adapterOf(a!).serverCount()) === 2, 5000, "2 nodes");
    cClients.sub.disconnect();
    await until(() => !adapterOf(c).health.subscribed, 3000, "c knows it is not subscribed");
    await until(async () => (await adapterOf(a!).serverCount()) === 1, 5000, "c no longer counted");
    expect(adapterOf(a!).health.peers).toBe(0);
  });
});

describe("malformed messages", () => {
  it("are ignored and logged, and traffic goes on", async () => {
    const [a, b] = await nodes(2, nodeRedisPair);
    const clientB = await client(b!);
    const logged: string[] = [];
    const wasEnabled = log.enabled;
    const originalLog = log.log;
    log.enabled = true;
    log.log = (...args: unknown[]) => logged.push(args.map(String).join(" "));
    cleanups.push(() => {
      log.enabled = wasEnabled;
      log.log = originalLog;
    });
    const raw = ioredisPair().pub;
    const { broadcast, request, response, heartbeat } = adapterOf(b!).channels;
    await raw.publish(broadcast, Buffer.from([0xc1, 0xff, 0x00]));
    await raw.publish(broadcast, Buffer.from([0x93, 0xa1, 0x78, 0xc0, 0xc0])); // ["x", nil, nil]
    await raw.publish(request, "{not json");
    await raw.publish(request, JSON.stringify({ uid: "x", type: 5, opts: 3 }));
    await raw.publish(request, JSON.stringify({ uid: "x", type: 99 }));
    await raw.publish(response, Buffer.from([0xff]));
    await raw.publish(heartbeat, Buffer.from([0x01]));
    await until(() => logged.filter((line) => line.includes("ignored")).length >= 7, 3000, "7 ignored messages logged");
    await trafficFlows(a!, clientB);
    expect(adapterOf(b!).health.subscribed).toBe(true);
  });
});

describe("closing", () => {
  it("io.close() resolves even after the Redis clients were quit (node-redis and ioredis)", async () => {
    for (const make of [nodeRedisPair, async () => ioredisPair()]) {
      const { pub, sub } = await make();
      const node = await startNode(createAdapter(pub, sub, fast));
      await until(() => adapterOf(node).health.subscribed, 3000, "subscribed");
      const quit = (client: unknown) => (client as { quit(): Promise<unknown> }).quit();
      await Promise.all([quit(pub), quit(sub)]);
      const outcome = await Promise.race([
        node.close().then(() => "closed"),
        sleep(fast.requestsTimeout * 2).then(() => "hung"),
      ]);
      expect(outcome).toBe("closed");
      expect(adapterOf(node).health.subscribed).toBe(false);
    }
  });
});

describe("answers that cannot be encoded", () => {
  it("a socket whose data has a cycle costs only that answer, nothing crashes", async () => {
    const [a, b] = await nodes(2, nodeRedisPair);
    b!.io.on("connection", (socket) => {
      const data: Record<string, unknown> = {};
      data.self = data;
      socket.data = data;
    });
    const clientB = await client(b!);
    expect((await b!.io.fetchSockets()).map((socket) => socket.id)).toEqual([clientB.id]);
    // b cannot answer; a's request ends at its timeout with what it has (nothing).
    expect(await a!.io.fetchSockets()).toEqual([]);
    await trafficFlows(a!, clientB);
  });
});

// ---- every client major, with the classic and the sharded adapter ----

const adapterKinds = {
  classic: (pair: ClientPair) => createAdapter(pair.pub, pair.sub, fast),
  sharded: (pair: ClientPair) => createShardedAdapter(pair.pub, pair.sub, { requestsTimeout: fast.requestsTimeout }),
};
const matrix = clientLibraries.flatMap((library) =>
  (Object.keys(adapterKinds) as Array<keyof typeof adapterKinds>)
    .filter((kind) => kind === "classic" || library.sharded)
    .map((kind) => ({ library, kind })),
);

describe.each(matrix)("$library.name, $kind adapter, with the client's own reconnect logic", ({ library, kind }) => {
  const anyAdapterOf = (node: TestNode) => node.io.of("/").adapter as unknown as RedisAdapter | ShardedRedisAdapter;

  async function twoNodes(): Promise<TestNode[]> {
    const started: TestNode[] = [];
    for (let i = 0; i < 2; i++) {
      const pair = await library.pair(redis.port);
      cleanups.push(() => pair.quit());
      const node = await startNode(adapterKinds[kind](pair));
      cleanups.push(() => node.close());
      started.push(node);
    }
    await until(async () => (await anyAdapterOf(started[0]!).serverCount()) === 2, 5000, "2 nodes");
    return started;
  }

  /** Records `health.subscribed` as the adapter announces it. */
  function healthLog(node: TestNode): boolean[] {
    const seen: boolean[] = [];
    anyAdapterOf(node).on("health", (health: RedisAdapterHealth) => seen.push(health.subscribed));
    return seen;
  }

  async function backToNormal(a: TestNode, b: TestNode, clientB: ClientSocket): Promise<void> {
    await trafficFlows(a, clientB);
    await until(
      () => anyAdapterOf(a).health.subscribed && anyAdapterOf(b).health.subscribed,
      10_000,
      "subscribed again",
    );
    await until(async () => (await anyAdapterOf(a).serverCount()) === 2, 10_000, "2 nodes again");
    const fetched = await a.io.fetchSockets();
    expect(fetched.map((socket) => socket.id)).toEqual([clientB.id]);
  }

  it("Redis restarted mid-traffic: it resubscribes, announces its health, and traffic and requests work again", async () => {
    const [a, b] = await twoNodes();
    const clientB = await client(b!);
    await trafficFlows(a!, clientB);
    const healthOfB = healthLog(b!);
    anyAdapterOf(a!).on("error", () => {}); // b has none: its errors must not become unhandled
    const ticker = setInterval(() => a!.io.emit("during"), 20);
    try {
      await redis.restart(300);
      await backToNormal(a!, b!, clientB);
    } finally {
      clearInterval(ticker);
    }
    expect(healthOfB).toContain(false);
    expect(healthOfB.at(-1)).toBe(true);
    expect(anyAdapterOf(b!).health.lastError).toBeInstanceOf(RedisAdapterError);
  });

  it("the subscriber connections dropped while the publishers stay up: they resubscribe", async () => {
    const [a, b] = await twoNodes();
    const clientB = await client(b!);
    await trafficFlows(a!, clientB);
    const admin = new Redis(redis.port, "127.0.0.1");
    cleanups.push(() => admin.disconnect());
    anyAdapterOf(a!).on("error", () => {});
    anyAdapterOf(b!).on("error", () => {});
    const healthOfB = healthLog(b!);
    const killed = Number(await admin.call("CLIENT", "KILL", "TYPE", "pubsub"));
    expect(killed).toBeGreaterThanOrEqual(2);
    await backToNormal(a!, b!, clientB);
    expect(healthOfB).toContain(false);
    expect(healthOfB.at(-1)).toBe(true);
  });

  it("a request in flight when Redis goes away ends at its timeout with the answers it has", async () => {
    const [a, b] = await twoNodes();
    const clientA = await client(a!);
    const clientB = await client(b!);
    // A silent subscriber is a third node that never answers: the request waits for it.
    const silent = new Redis(redis.port, "127.0.0.1");
    cleanups.push(() => silent.disconnect());
    silent.on("error", () => {});
    const adapterA = anyAdapterOf(a!);
    if (kind === "classic") await silent.subscribe((adapterA as RedisAdapter).channels.request);
    else await silent.ssubscribe((adapterA as ShardedRedisAdapter).channel);
    await until(async () => (await adapterA.serverCount()) === 3, 5000, "the silent node counted");
    adapterA.on("error", () => {});
    anyAdapterOf(b!).on("error", () => {});

    const fetching = a!.io.fetchSockets();
    await until(() => adapterA.health.pendingRequests === 1, 3000, "the request sent");
    await sleep(100); // b answers
    await redis.kill();
    const outcome = await Promise.race([
      fetching,
      sleep(fast.requestsTimeout * 4).then(() => "still waiting" as const),
    ]);
    expect(outcome).not.toBe("still waiting");
    const ids = (outcome as Array<{ id: string }>).map((socket) => socket.id).sort();
    expect(ids).toEqual([clientA.id, clientB.id].sort());
    expect(adapterA.health.pendingRequests).toBe(0);
    await redis.start();
    silent.disconnect();
    await until(() => adapterA.health.subscribed && anyAdapterOf(b!).health.subscribed, 10_000, "subscribed again");
  });
});

describe("a subscription lost without any client event", () => {
  // The client stays connected and says nothing (as cluster clients may when a node crashes): only
  // the adapter's own probe can tell.
  const kinds = {
    classic: {
      make: (pub: Redis, sub: Redis) => createAdapter(pub, sub, fast),
      drop: async (sub: Redis, adapter: RedisAdapter | ShardedRedisAdapter) => {
        const { broadcast, request, response, specificResponse, heartbeat } = (adapter as RedisAdapter).channels;
        await sub.unsubscribe(request, response, specificResponse, heartbeat);
        await sub.punsubscribe(`${broadcast}*`);
      },
    },
    sharded: {
      make: (pub: Redis, sub: Redis) => createShardedAdapter(pub, sub, { ...fast }),
      drop: async (sub: Redis, _adapter: RedisAdapter | ShardedRedisAdapter) => void (await sub.call("SUNSUBSCRIBE")),
    },
  };
  for (const [kind, { make, drop }] of Object.entries(kinds)) {
    it(`is detected by the probe, announced, and subscribed again (${kind} adapter, ioredis)`, async () => {
      const started: TestNode[] = [];
      const pairs = [ioredisPair(), ioredisPair()];
      for (const { pub, sub } of pairs) {
        const node = await startNode(make(pub, sub));
        cleanups.push(() => node.close());
        started.push(node);
      }
      const [a, b] = started as [TestNode, TestNode];
      const anyAdapter = (node: TestNode) => node.io.of("/").adapter as unknown as RedisAdapter | ShardedRedisAdapter;
      await until(async () => (await anyAdapter(a).serverCount()) === 2, 5000, "2 nodes");
      const clientB = await client(b);
      await trafficFlows(a, clientB);
      const healthOfB: boolean[] = [];
      anyAdapter(b).on("health", (health: RedisAdapterHealth) => healthOfB.push(health.subscribed));
      await drop(pairs[1]!.sub, anyAdapter(b));
      await until(() => healthOfB.includes(false), 5000, "the loss announced");
      await until(() => anyAdapter(b).health.subscribed, 5000, "subscribed again");
      await trafficFlows(a, clientB);
      expect(healthOfB).toEqual([false, true]);
    });
  }
});
