// Several streams (streamCount), sharded Pub/Sub, plaintext entries and custom names, with two
// namespaces; hostile entries and payloads are ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, streamNameOf, type RedisStreamsAdapter } from "../src/index.js";
import { pack } from "../src/wire.js";
import { createTestClient, type TestClient } from "./helpers/clients.js";
import {
  connect,
  dropConnection,
  nextEvent,
  reconnectTo,
  record,
  sleep,
  startNode,
  type TestNode,
  until,
} from "./helpers/nodes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const OPTIONS = {
  streamName: "stream",
  streamCount: 3,
  channelPrefix: "custom",
  sessionKeyPrefix: "sess:",
  useShardedPubSub: true,
  onlyPlaintext: true,
  heartbeatInterval: 200,
  heartbeatTimeout: 1000,
};
const RECOVERY = { connectionStateRecovery: { maxDisconnectionDuration: 10_000, skipMiddlewares: true } };

let redis: RedisServer;
let commands: TestClient;
const redisClients: TestClient[] = [];
const nodes: TestNode[] = [];
const open: ClientSocket[] = [];
const adapterOf = (i: number, nsp: string) => nodes[i]!.io.of(nsp).adapter as RedisStreamsAdapter;

beforeAll(async () => {
  redis = await startRedis();
  commands = await createTestClient("node-redis 4", redis.url);
  for (const kind of ["ioredis 6", "node-redis 6"] as const) {
    const created = await createTestClient(kind, redis.url);
    redisClients.push(created);
    const node = await startNode("socket.io", createAdapter(created.client, OPTIONS), RECOVERY);
    for (const nsp of ["/", "/chat"]) {
      node.io.of(nsp).on("connection", (socket: any) => {
        if (!socket.recovered) socket.join("room");
      });
    }
    nodes.push(node);
  }
  for (const nsp of ["/", "/chat"]) {
    await until(async () => (await adapterOf(0, nsp).serverCount()) === 2, 5000, `2 nodes on ${nsp}`);
    await until(() => [0, 1].every((i) => adapterOf(i, nsp).lastDeliveredId !== undefined), 5000, "readers");
  }
});

afterAll(async () => {
  for (const socket of open) socket.disconnect();
  for (const node of nodes) await node.close();
  for (const created of redisClients) await created.close();
  await commands?.close();
  await redis?.stop();
});

describe("streamCount, sharded Pub/Sub, onlyPlaintext", () => {
  it("each namespace has its own stream, as named by the official hash", async () => {
    expect(adapterOf(0, "/").streamName).toBe(streamNameOf("/", OPTIONS));
    expect(adapterOf(0, "/chat").streamName).toBe(streamNameOf("/chat", OPTIONS));
    const chat = await connect(nodes[1]!.port, {}, "/chat");
    const root = await connect(nodes[1]!.port);
    open.push(chat, root);
    const got = record(chat, "hello");
    const notHere = record(root, "hello");
    nodes[0]!.io.of("/chat").to("room").emit("hello", "chat");
    await until(() => got.length === 1, 3000, "chat broadcast");
    await sleep(100);
    expect(notHere).toEqual([]);
    const entries = (await commands.client.sendCommand([
      "XRANGE",
      streamNameOf("/chat", OPTIONS),
      "-",
      "+",
    ])) as unknown[][];
    const lastFields = entries[entries.length - 1]![1] as string[];
    expect(lastFields.slice(0, 6)).toEqual(["uid", expect.any(String), "nsp", "/chat", "type", "3"]);
    expect(lastFields[7]!.startsWith("{")).toBe(true);
  });

  it("requests and responses travel by sharded Pub/Sub on the custom channels", async () => {
    const channels = (await commands.client.sendCommand(["PUBSUB", "SHARDCHANNELS", "custom#*"])) as string[];
    expect(channels).toContain("custom#/chat#");
    nodes[1]!.io.of("/chat").on("where", (ack: (answer: string) => void) => ack("node 1"));
    const answers = await nodes[0]!.io.of("/chat").serverSideEmitWithAck("where");
    expect(answers).toEqual(["node 1"]);
    const sockets = await nodes[0]!.io.of("/chat").fetchSockets();
    expect(sockets.length).toBeGreaterThan(0);
  });

  it("recovers a session of another namespace from its stream, under the custom key prefix", async () => {
    const socket = await connect(nodes[0]!.port, {}, "/chat");
    open.push(socket);
    const received = record(socket, "news");
    nodes[1]!.io.of("/chat").to("room").emit("news", 0);
    await until(() => received.length === 1, 3000, "first");
    const pid = (socket as any)._pid;
    await dropConnection(socket);
    await until(async () => (await commands.client.exists(`sess:${pid}`)) === 1, 3000, "session stored");
    nodes[1]!.io.of("/chat").to("room").emit("news", 1);
    nodes[1]!.io.to("room").emit("news", "other namespace");
    await sleep(50);
    nodes[0]!.io.of("/chat").emit("news", 2);
    await sleep(100);
    await reconnectTo(socket, nodes[1]!.port);
    expect(socket.recovered).toBe(true);
    await until(() => received.length === 3, 3000, "replay");
    await sleep(100);
    expect(received.map(([n]) => n)).toEqual([0, 1, 2]);
  });
});

describe("hostile input", () => {
  it("ignores malformed stream entries and payloads and keeps working", async () => {
    const stream = streamNameOf("/", OPTIONS);
    const bad: string[][] = [
      ["uid", "x", "nsp", "/", "type", "3", "data", "{not json"],
      ["uid", "x", "nsp", "/", "type", "3", "data", "!!!not base64 msgpack"],
      ["uid", "x", "nsp", "/", "type", "3", "data", JSON.stringify({ packet: null, opts: 5 })],
      ["uid", "x", "nsp", "/", "type", "7", "data", JSON.stringify({ opts: { rooms: "nope" } })],
      ["uid", "x", "nsp", "/", "type", "99999"],
      ["garbage", "only"],
    ];
    for (const fields of bad) await commands.client.sendCommand(["XADD", stream, "*", ...fields]);
    for (const payload of [
      Buffer.from([0xc1]),
      pack("text"),
      pack({ uid: "x", nsp: "/", type: 3, data: null }),
      Buffer.alloc(0),
    ]) {
      await commands.client.sPublish("custom#/#", payload);
    }
    const socket = await connect(nodes[1]!.port);
    open.push(socket);
    const got = nextEvent(socket, "still-alive");
    await sleep(100);
    nodes[0]!.io.emit("still-alive", true);
    expect((await got)[0]).toBe(true);
  });
});
