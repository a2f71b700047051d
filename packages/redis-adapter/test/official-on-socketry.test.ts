// The official @socket.io/redis-adapter (classic and sharded) as the adapter of socketry servers:
// an application that keeps the official adapter and swaps only the server. Two socketry nodes,
// one Redis: broadcasts, acknowledgements, fetchSockets and serverCount cross between them.
import {
  createAdapter as createOfficialAdapter,
  createShardedAdapter as createOfficialShardedAdapter,
} from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const KINDS = {
  classic: (pub: unknown, sub: unknown) => createOfficialAdapter(pub, sub, { requestsTimeout: 2000 }),
  sharded: (pub: unknown, sub: unknown) => createOfficialShardedAdapter(pub, sub),
};

describe.each(Object.keys(KINDS) as Array<keyof typeof KINDS>)("the official %s adapter on socketry", (kind) => {
  const nodes: TestNode[] = [];
  const clients: ClientSocket[] = [];
  const quits: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const pub = createClient({ url: redis.url });
      const sub = pub.duplicate();
      await Promise.all([pub.connect(), sub.connect()]);
      // quit, not disconnect: commands the adapters sent on close are answered first
      quits.push(() => Promise.allSettled([pub.quit(), sub.quit()]));
      const node = await startNode(KINDS[kind](pub, sub));
      node.io.on("connection", (socket) => {
        socket.join("room");
        socket.on("q", () => {});
      });
      nodes.push(node);
      clients.push(await connect(node.port));
    }
    await sleep(200); // the subscriptions settle
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const node of nodes) await node.close();
    for (const quit of quits) await quit();
  });

  it("a room broadcast with binary reaches the other node's client", async () => {
    const [a] = nodes as [TestNode, TestNode];
    const got = record(clients[1]!, "news");
    a.io.to("room").emit("news", "hi", Buffer.from([1, 2]));
    await until(() => got.length === 1);
    expect(got[0]![0]).toBe("hi");
    expect([...new Uint8Array(got[0]![1] as ArrayBuffer)]).toEqual([1, 2]);
  });

  it("acknowledgements, fetchSockets and serverCount cover both nodes", async () => {
    const [a] = nodes as [TestNode, TestNode];
    clients.forEach((client, i) => client.on("vote", (ack: (answer: string) => void) => ack(`node ${i}`)));
    expect((await a.io.timeout(2000).emitWithAck("vote")).sort()).toEqual(["node 0", "node 1"]);
    const ids = (await a.io.fetchSockets()).map((socket) => socket.id).sort();
    expect(ids).toEqual(clients.map((client) => client.id).sort());
    expect(await (a.io.of("/").adapter as unknown as { serverCount(): Promise<number> }).serverCount()).toBe(2);
  });
});
