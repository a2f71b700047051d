import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { Redis } from "ioredis";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

type Clients = { make(): Promise<{ pub: unknown; sub: unknown; quit(): Promise<unknown> }> };
const clientKinds: Record<string, Clients> = {
  "node-redis": {
    async make() {
      const pub = createClient({ url: redis.url });
      const sub = pub.duplicate();
      await Promise.all([pub.connect(), sub.connect()]);
      return { pub, sub, quit: () => Promise.all([pub.quit(), sub.quit()]) };
    },
  },
  ioredis: {
    async make() {
      const pub = new Redis(redis.port, "127.0.0.1");
      const sub = pub.duplicate();
      return { pub, sub, quit: () => Promise.all([pub.quit(), sub.quit()]) };
    },
  },
};

describe.each(Object.keys(clientKinds))("broadcasts across three nodes (%s)", (kind) => {
  const nodes: TestNode[] = [];
  const clients: ClientSocket[] = [];
  const quits: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const made = await clientKinds[kind]!.make();
      quits.push(made.quit);
      nodes.push(
        await startNode(createAdapter(made.pub, made.sub, { heartbeatInterval: 200, heartbeatTimeout: 1000 })),
      );
    }
    nodes[1]!.io.on("connection", (socket) => socket.join("blue"));
    for (const node of nodes) clients.push(await connect(node.port));
    await until(
      async () => (await (nodes[0]!.io.of("/").adapter as unknown as RedisAdapter).serverCount()) === 3,
      5000,
      "3 nodes",
    );
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const node of nodes) await node.close();
    for (const quit of quits) await quit();
  });

  afterEach(() => {
    for (const client of clients) client.removeAllListeners("news");
  });

  it("delivers io.emit to the clients of every node, binary included", async () => {
    const received = clients.map((client) => record(client, "news"));
    nodes[0]!.io.emit("news", "hello", Buffer.from([1, 2, 3]));
    await until(() => received.every((list) => list.length === 1));
    for (const list of received) {
      expect(list[0]![0]).toBe("hello");
      expect(Buffer.from(list[0]![1] as ArrayBuffer)).toEqual(Buffer.from([1, 2, 3]));
    }
  });

  it("delivers a room broadcast only to the room's members on other nodes", async () => {
    const received = clients.map((client) => record(client, "news"));
    nodes[2]!.io.to("blue").emit("news", "blue only");
    await until(() => received[1]!.length === 1);
    await sleep(150);
    expect(received.map((list) => list.length)).toEqual([0, 1, 0]);
  });

  it("honours except() across nodes", async () => {
    const received = clients.map((client) => record(client, "news"));
    nodes[0]!.io.except("blue").emit("news", "not blue");
    await until(() => received[0]!.length === 1 && received[2]!.length === 1);
    await sleep(150);
    expect(received.map((list) => list.length)).toEqual([1, 0, 1]);
  });

  it("keeps io.local broadcasts on their node", async () => {
    const received = clients.map((client) => record(client, "news"));
    nodes[2]!.io.local.emit("news", "local");
    await until(() => received[2]!.length === 1);
    await sleep(150);
    expect(received.map((list) => list.length)).toEqual([0, 0, 1]);
  });

  it("delivers volatile broadcasts to connected clients of other nodes", async () => {
    const received = clients.map((client) => record(client, "news"));
    nodes[1]!.io.volatile.emit("news", "volatile");
    await until(() => received.every((list) => list.length === 1));
    expect(received.map((list) => list[0]![0])).toEqual(["volatile", "volatile", "volatile"]);
  });

  it("delivers socket.broadcast from one client to the others on every node", async () => {
    const received = clients.map((client) => record(client, "news"));
    const sender = await nodes[0]!.io.fetchSockets();
    const local = sender.find((socket) => socket.id === clients[0]!.id)!;
    (local as unknown as { broadcast: { emit(ev: string, v: string): void } }).broadcast.emit("news", "from client 0");
    await until(() => received[1]!.length === 1 && received[2]!.length === 1);
    await sleep(150);
    expect(received[0]).toHaveLength(0);
  });
});
