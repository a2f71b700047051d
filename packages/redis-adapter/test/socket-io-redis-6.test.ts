// socket.io-redis 6.1 (the Redis adapter of the Socket.IO v3 era, on socket.io-adapter 2.2 and
// node-redis 3, which it creates itself) on two socketry nodes: code written for a v3 server
// with `io.adapter(redisAdapter(uri))` runs unchanged. Its broadcasts reach local sockets
// through `socket.packet()`.
import { createAdapter as redisAdapter } from "socket.io-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

interface LegacyRedisAdapter {
  pubClient: { quit(callback: () => void): void };
  subClient: { quit(callback: () => void): void };
  allRooms(): Promise<Set<string>>;
  remoteJoin(id: string, room: string): Promise<void>;
}

let redis: RedisServer;
const nodes: TestNode[] = [];
const clients: ClientSocket[] = [];
let a: TestNode;
let b: TestNode;

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    const node = await startNode(undefined);
    node.io.adapter(redisAdapter(redis.url));
    node.io.on("connection", (socket) => {
      socket.join("lobby");
    });
    nodes.push(node);
  }
  [a, b] = nodes as [TestNode, TestNode];
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  for (const node of nodes) {
    const adapter = node.io.of("/").adapter as unknown as LegacyRedisAdapter;
    await node.close();
    await Promise.all([adapter.pubClient, adapter.subClient].map((c) => new Promise<void>((r) => c.quit(r))));
  }
  await redis.stop();
});

const adapterOf = (node: TestNode) => node.io.of("/").adapter as unknown as LegacyRedisAdapter;

describe("socket.io-redis 6.1 on socketry", () => {
  it("broadcasts cross the nodes, to rooms and with binary, and stay in their room", async () => {
    const onA = await connect(a.port);
    const onB = await connect(b.port);
    clients.push(onA, onB);
    await sleep(100); // the subscriber connection subscribes after connecting
    const gotA = record(onA, "news");
    const gotB = record(onB, "news");
    a.io.emit("news", "everyone");
    b.io.to("lobby").emit("news", "lobby", Buffer.from([5, 6]));
    a.io.to("nobody-here").emit("news", "nobody");
    await until(() => gotA.length === 2 && gotB.length === 2);
    await sleep(100);
    expect(gotB.map((args) => args[0]).sort()).toEqual(["everyone", "lobby"]);
    const binary = gotA.find((args) => args[0] === "lobby")![1] as ArrayBuffer;
    expect([...new Uint8Array(binary)]).toEqual([5, 6]);
  });

  it("counts sockets and rooms across the nodes, and joins a socket of the other node to a room", async () => {
    const onA = await connect(a.port);
    const onB = await connect(b.port);
    clients.push(onA, onB);
    const all = await b.io.allSockets();
    expect(all.has(onA.id!) && all.has(onB.id!)).toBe(true);
    expect((await adapterOf(a).allRooms()).has("lobby")).toBe(true);
    await adapterOf(a).remoteJoin(onB.id!, "vip");
    const gift = nextEvent(onB, "gift");
    a.io.to("vip").emit("gift", 1);
    expect(await gift).toEqual([1]);
  });
});
