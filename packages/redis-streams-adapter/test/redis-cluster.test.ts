// On a real 6-node Redis Cluster: three nodes, three streams spread over the masters, two
// namespaces; broadcasts, requests and a recovery across nodes, with each cluster client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter } from "../src/index.js";
import { createClusterClient, type ClusterClientKind, type TestClient } from "./helpers/clients.js";
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
import { startRedisCluster, type RedisCluster } from "./helpers/redis-cluster.js";

const OPTIONS = { streamCount: 3, heartbeatInterval: 200, heartbeatTimeout: 1000 };
const RECOVERY = { connectionStateRecovery: { maxDisconnectionDuration: 10_000, skipMiddlewares: true } };
const KINDS: ClusterClientKind[] = ["node-redis 4 cluster", "node-redis 6 cluster", "ioredis 5 cluster"];

let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
});

afterAll(async () => {
  await cluster?.stop();
});

it("the streams of streamCount hash to slots of different masters", async () => {
  const masters = new Set(await Promise.all([0, 1, 2].map((i) => cluster.masterOf(`socket.io-${i}`))));
  expect(masters.size).toBeGreaterThan(1);
});

describe.each(KINDS)("three nodes on a Redis Cluster with %s", (kind) => {
  const redisClients: TestClient[] = [];
  const nodes: TestNode[] = [];
  const open: ClientSocket[] = [];
  const adapterOf = (i: number, nsp = "/") => nodes[i]!.io.of(nsp).adapter as RedisStreamsAdapter;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const created = await createClusterClient(kind, cluster.nodes);
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
      await until(async () => (await adapterOf(0, nsp).serverCount()) === 3, 10_000, `3 nodes on ${nsp}`);
      await until(() => [0, 1, 2].every((i) => adapterOf(i, nsp).lastDeliveredId !== undefined), 10_000, "readers");
    }
  });

  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    for (const node of nodes) await node.close();
    for (const created of redisClients) await created.close();
  });

  it("broadcasts reach every node, in each namespace", async () => {
    expect(adapterOf(0, "/").streamName).not.toBe(adapterOf(0, "/chat").streamName);
    const sockets = await Promise.all([0, 1, 2].map((i) => connect(nodes[i]!.port, {}, "/chat")));
    open.push(...sockets);
    const received = sockets.map((socket) => record(socket, "hello"));
    nodes[1]!.io
      .of("/chat")
      .to("room")
      .emit("hello", "chat", Buffer.from([9]));
    await until(() => received.every((list) => list.length === 1), 5000, "everyone");
    expect(received[0]![0]![0]).toBe("chat");
    const all = await nodes[2]!.io.of("/chat").fetchSockets();
    expect(all.map((s: any) => s.id).sort()).toEqual(sockets.map((s) => s.id).sort());
    nodes[0]!.io.of("/chat").on("who", (ack: (n: number) => void) => ack(0));
    nodes[1]!.io.of("/chat").on("who", (ack: (n: number) => void) => ack(1));
    expect((await nodes[2]!.io.of("/chat").serverSideEmitWithAck("who")).sort()).toEqual([0, 1]);
  });

  it("recovers a session on another node", async () => {
    const socket = await connect(nodes[0]!.port);
    open.push(socket);
    const received = record(socket, "news");
    nodes[1]!.io.to("room").emit("news", 0);
    await until(() => received.length === 1, 5000, "first");
    await dropConnection(socket);
    await sleep(200);
    nodes[1]!.io.to("room").emit("news", 1);
    await sleep(50);
    nodes[2]!.io.to("room").emit("news", 2);
    await sleep(200);
    await reconnectTo(socket, nodes[2]!.port);
    expect(socket.recovered).toBe(true);
    await until(() => received.length === 3, 5000, "replay");
    expect(received.map(([n]) => n)).toEqual([0, 1, 2]);
  });
});
