import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as OfficialServer } from "socket.io";
import { createAdapter as createOfficialAdapter } from "@socket.io/redis-adapter";
import { createAdapter, type RedisAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
const quits: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const quit of quits) await quit();
  await redis.stop();
});

async function pair() {
  const pub = createClient({ url: redis.url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  quits.push(() => Promise.all([pub.quit(), sub.quit()]));
  return { pub, sub };
}

describe("namespaces", () => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    const first = await pair();
    const second = await pair();
    a = await startNode(createAdapter(first.pub, first.sub, { heartbeatInterval: 100, heartbeatTimeout: 500 }));
    b = await startNode(createAdapter(second.pub, second.sub, { heartbeatInterval: 100, heartbeatTimeout: 500 }));
    a.io.of("/chat");
    b.io.of("/chat");
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("broadcasts and fetchSockets of one namespace stay in it", async () => {
    const chatClient = await connect(b.port, "/chat");
    const mainClient = await connect(b.port, "/");
    try {
      const chatAdapter = a.io.of("/chat").adapter as unknown as RedisAdapter;
      await until(async () => (await chatAdapter.serverCount()) === 2, 5000, "2 nodes in /chat");
      const onMain = record(mainClient, "msg");
      const received = nextEvent(chatClient, "msg");
      a.io.of("/chat").emit("msg", "chat only");
      expect(await received).toEqual(["chat only"]);
      await sleep(100);
      expect(onMain).toEqual([]);
      expect((await a.io.of("/chat").fetchSockets()).map((socket) => socket.id)).toEqual([chatClient.id]);
      expect((await a.io.of("/").fetchSockets()).map((socket) => socket.id)).toEqual([mainClient.id]);
    } finally {
      chatClient.disconnect();
      mainClient.disconnect();
    }
  });
});

describe("many namespaces on one pair of clients", () => {
  it("adds one set of listeners to the clients, not one per namespace, and removes it on close", async () => {
    const { pub, sub } = await pair();
    const before = [pub.listenerCount("error"), sub.listenerCount("error"), sub.listenerCount("ready")];
    const node = await startNode(createAdapter(pub, sub));
    for (let i = 0; i < 20; i++) node.io.of(`/room-${i}`);
    expect(pub.listenerCount("error")).toBe(before[0]! + 1);
    expect(sub.listenerCount("error")).toBe(before[1]! + 1);
    expect(sub.listenerCount("ready")).toBe(before[2]! + 1);
    await node.close();
    expect([pub.listenerCount("error"), sub.listenerCount("error"), sub.listenerCount("ready")]).toEqual(before);
  });
});

describe("publishOnSpecificResponseChannel with an official node", () => {
  it("answers travel on the requester's own channel, both ways", async () => {
    const first = await pair();
    const second = await pair();
    const http = createServer();
    const official = new OfficialServer(http, {
      adapter: createOfficialAdapter(first.pub, first.sub, {
        publishOnSpecificResponseChannel: true,
        requestsTimeout: 2000,
      }),
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const socketry = await startNode(
      createAdapter(second.pub, second.sub, { publishOnSpecificResponseChannel: true, requestsTimeout: 2000 }),
    );
    const officialClient = await connect((http.address() as AddressInfo).port);
    const socketryClient = await connect(socketry.port);
    try {
      const both = [officialClient.id, socketryClient.id].sort();
      expect((await socketry.io.fetchSockets()).map((socket) => socket.id).sort()).toEqual(both);
      expect((await official.fetchSockets()).map((socket) => socket.id).sort()).toEqual(both);
    } finally {
      officialClient.disconnect();
      socketryClient.disconnect();
      await new Promise((resolve) => official.close(resolve));
      await socketry.close();
    }
  });
});
