// A mixed cluster: an official socket.io 4.8 node on @socket.io/redis-streams-adapter beside
// nodes on this adapter (one socketry server, one official server), on one stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdapter as createOfficialAdapter } from "@socket.io/redis-streams-adapter";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter } from "../src/index.js";
import { createTestClient, type TestClient } from "./helpers/clients.js";
import {
  connect,
  dropConnection,
  reconnectTo,
  record,
  sleep,
  startNode,
  type TestNode,
  until,
} from "./helpers/nodes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const RECOVERY = { connectionStateRecovery: { maxDisconnectionDuration: 10_000, skipMiddlewares: true } };

let redis: RedisServer;
const redisClients: TestClient[] = [];
let official: TestNode; // socket.io + @socket.io/redis-streams-adapter
let ours: TestNode; // socket.io + this adapter
let socketry: TestNode; // socketry + this adapter
const sockets: ClientSocket[] = [];

async function redisClient(kind: "node-redis 4" | "ioredis 5") {
  const created = await createTestClient(kind, redis.url);
  redisClients.push(created);
  return created.client;
}

beforeAll(async () => {
  redis = await startRedis();
  const onConnection = (name: string) => (socket: any) => {
    if (socket.recovered) return;
    socket.join(["all", name]);
    socket.data = { on: name };
  };
  official = await startNode("socket.io", createOfficialAdapter(await redisClient("node-redis 4")), RECOVERY);
  official.io.on("connection", onConnection("official"));
  ours = await startNode(
    "socket.io",
    createAdapter(await redisClient("ioredis 5"), { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
    RECOVERY,
  );
  ours.io.on("connection", onConnection("ours"));
  socketry = await startNode(
    "socketry",
    createAdapter(await redisClient("node-redis 4"), { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
  );
  socketry.io.on("connection", onConnection("socketry"));
  for (const node of [official, ours, socketry]) sockets.push(await connect(node.port));
  // The official adapter starts reading at "$" once its connection is up: give it a moment.
  await until(
    () => [ours, socketry].every((n) => (n.io.of("/").adapter as RedisStreamsAdapter).lastDeliveredId !== undefined),
    5000,
    "readers",
  );
  await sleep(500);
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const node of [official, ours, socketry]) await node?.close();
  for (const created of redisClients) await created.close();
  await redis?.stop();
});

describe("mixed cluster with @socket.io/redis-streams-adapter", () => {
  it("broadcasts from the official node reach our nodes' clients", async () => {
    const received = sockets.map((socket) => record(socket, "from-official"));
    official.io.to("all").emit("from-official", "hello", Buffer.from([7, 8]));
    await until(() => received.every((list) => list.length === 1), 3000, "everyone got it");
    expect(received[1]![0]![0]).toBe("hello");
    expect([...new Uint8Array(received[2]![0]![1] as Buffer)]).toEqual([7, 8]);
  });

  it("broadcasts from our nodes reach the official node's client, with rooms honoured", async () => {
    const received = sockets.map((socket) => record(socket, "from-ours"));
    socketry.io.to("official").emit("from-ours", "socketry", { bin: Buffer.from([1]) });
    ours.io.except("socketry").emit("from-ours", "ours");
    await until(() => received[0]!.length === 2, 3000, "official client got both");
    await sleep(100);
    // Two nodes, two connections to Redis: their relative order is not defined.
    expect(received[0]!.map(([from]) => from).sort()).toEqual(["ours", "socketry"]);
    const fromSocketry = received[0]!.find(([from]) => from === "socketry")!;
    expect([...new Uint8Array((fromSocketry[1] as { bin: Buffer }).bin)]).toEqual([1]);
    expect(received[1]!.map(([from]) => from)).toEqual(["ours"]);
    expect(received[2]).toEqual([]);
  });

  it("the official node's fetchSockets and serverSideEmit get our nodes' answers", async () => {
    const found = await official.io.fetchSockets();
    expect(found.map((s: any) => s.data.on).sort()).toEqual(["official", "ours", "socketry"]);
    ours.io.on("who", (ack: (name: string) => void) => ack("ours"));
    socketry.io.on("who", (ack: (name: string) => void) => ack("socketry"));
    const answers = await official.io.serverSideEmitWithAck("who");
    expect(answers.sort()).toEqual(["ours", "socketry"]);
  });

  it("our nodes count the official node (it sends no heartbeats) and get its answers", async () => {
    expect(await (socketry.io.of("/").adapter as RedisStreamsAdapter).serverCount()).toBe(3);
    const found = await socketry.io.fetchSockets();
    expect(found.map((s: any) => s.data.on).sort()).toEqual(["official", "ours", "socketry"]);
    official.io.on("who-too", (ack: (name: string) => void) => ack("official"));
    ours.io.on("who-too", (ack: (name: string) => void) => ack("ours"));
    const answers = await new Promise<unknown[]>((resolve, reject) =>
      socketry.io.serverSideEmit("who-too", (error: Error | null, responses: unknown[]) =>
        error ? reject(error) : resolve(responses),
      ),
    );
    expect(answers.sort()).toEqual(["official", "ours"]);
  });

  it("our node's socketsJoin reaches the official node's sockets", async () => {
    socketry.io.in("official").socketsJoin("joined-from-socketry");
    await until(async () => (await official.io.in("joined-from-socketry").fetchSockets()).length === 1, 3000, "join");
  });

  it("a session persisted by the official node is recovered on ours, with what it missed", async () => {
    const socket = await connect(official.port);
    const received = record(socket, "news");
    official.io.to("official").emit("news", "n0");
    await until(() => received.length === 1, 3000, "n0");
    const id = socket.id;
    await dropConnection(socket);
    await sleep(100);
    socketry.io.to("official").emit("news", "n1 via socketry");
    await sleep(50);
    official.io.to("all").emit("news", "n2 via official");
    await sleep(100);
    await reconnectTo(socket, ours.port);
    expect(socket.recovered).toBe(true);
    expect(socket.id).toBe(id);
    await until(() => received.length === 3, 3000, "replayed");
    expect(received.map(([text]) => text)).toEqual(["n0", "n1 via socketry", "n2 via official"]);
    socket.disconnect();
  });

  it("a session persisted by our node is recovered on the official one", async () => {
    const socket = await connect(ours.port);
    const received = record(socket, "news");
    ours.io.to("ours").emit("news", "o0");
    await until(() => received.length === 1, 3000, "o0");
    await dropConnection(socket);
    await sleep(100);
    socketry.io.to("ours").emit("news", "o1 via socketry");
    await sleep(100);
    await reconnectTo(socket, official.port);
    expect(socket.recovered).toBe(true);
    await until(() => received.length === 2, 3000, "replayed");
    expect(received.map(([text]) => text)).toEqual(["o0", "o1 via socketry"]);
    socket.disconnect();
  });
});
