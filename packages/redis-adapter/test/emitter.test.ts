// @socket.io/redis-emitter (a process without a Socket.IO server) reaching socketry nodes through
// the classic adapter: broadcasts, rooms, namespaces, room changes, disconnections, server-side emits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { Emitter } from "@socket.io/redis-emitter";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
let emitter: Emitter;
const nodes: TestNode[] = [];
const clients: ClientSocket[] = [];
const quits: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await startRedis();
  const emitterClient = createClient({ url: redis.url });
  await emitterClient.connect();
  quits.push(() => emitterClient.disconnect());
  emitter = new Emitter(emitterClient);
  for (let i = 0; i < 2; i++) {
    const pub = createClient({ url: redis.url });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    quits.push(() => Promise.allSettled([pub.disconnect(), sub.disconnect()]));
    const node = await startNode(createAdapter(pub, sub));
    node.io.of("/admin");
    nodes.push(node);
  }
  nodes[1]!.io.on("connection", (socket) => socket.join("blue"));
  for (const node of nodes) clients.push(await connect(node.port));
  await sleep(50);
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  for (const node of nodes) await node.close();
  for (const quit of quits) await quit();
  await redis.stop();
});

describe("the official Redis emitter and socketry nodes", () => {
  it("broadcasts to every client, binary included", async () => {
    const got = clients.map((client) => nextEvent(client, "news"));
    emitter.emit("news", "hi", Buffer.from([5]));
    for (const [text, bytes] of await Promise.all(got)) {
      expect(text).toBe("hi");
      expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([5]);
    }
  });

  it("broadcasts to a room only", async () => {
    const onFirst = record(clients[0]!, "room-news");
    const got = nextEvent(clients[1]!, "room-news");
    emitter.to("blue").emit("room-news", 1);
    expect(await got).toEqual([1]);
    await sleep(50);
    expect(onFirst).toEqual([]);
  });

  it("broadcasts in another namespace", async () => {
    const admin = await connect(nodes[0]!.port, "/admin");
    try {
      const onMain = record(clients[0]!, "admin-news");
      const got = nextEvent(admin, "admin-news");
      emitter.of("/admin").emit("admin-news");
      await got;
      expect(onMain).toEqual([]);
    } finally {
      admin.disconnect();
    }
  });

  it("makes sockets join a room, and reaches a server-side listener", async () => {
    emitter.in("blue").socketsJoin("green");
    await until(() => nodes[1]!.io.of("/").adapter.rooms.has("green"), 3000, "joined");
    expect(nodes[0]!.io.of("/").adapter.rooms.has("green")).toBe(false);
    const heard = nextEvent(nodes[0]!.io, "from-emitter");
    emitter.serverSideEmit("from-emitter", 42);
    expect(await heard).toEqual([42]);
  });

  it("disconnects the sockets of a room", async () => {
    const gone = nextEvent(clients[1]!, "disconnect");
    emitter.in("blue").disconnectSockets(true);
    expect((await gone)[0]).toBe("io server disconnect");
    expect(clients[0]!.connected).toBe(true);
  });
});
