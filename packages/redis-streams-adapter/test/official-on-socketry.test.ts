// The official @socket.io/redis-streams-adapter as the adapter of socketry servers, with
// connection state recovery: an application that keeps the official adapter and swaps only the
// server. A client dropped from node A comes back on node B with its id and what B sent meanwhile.
import { createAdapter as createOfficialAdapter } from "@socket.io/redis-streams-adapter";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, expect, it } from "vitest";
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
const nodes: TestNode[] = [];
const open: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    const created = await createTestClient("node-redis 4", redis.url);
    redisClients.push(created);
    // A short blocking read: on close, the official adapter's readers stop after their current one.
    const node = await startNode("socketry", createOfficialAdapter(created.client, { blockTimeInMs: 200 }), RECOVERY);
    node.io.on("connection", (socket: any) => {
      if (!socket.recovered) socket.join("news");
    });
    nodes.push(node);
  }
  await sleep(200); // the official adapter starts reading at "$" once its connection is up
});

afterAll(async () => {
  for (const socket of open) socket.disconnect();
  for (const node of nodes) await node.close();
  // quit, not disconnect: the official adapter's last writes (its close message) are answered first
  for (const created of redisClients) await created.client.quit();
  await sleep(300); // its readers finish their last blocking read and disconnect
  await redis?.stop();
});

it("broadcasts cross the nodes, and a client dropped from A recovers on B with what it missed", async () => {
  const [a, b] = nodes as [TestNode, TestNode];
  const socket = await connect(a.port);
  open.push(socket);
  const received = record(socket, "news");
  b.io.to("news").emit("news", "before, via B");
  await until(() => received.length === 1, 3000, "first broadcast");
  const id = socket.id;
  await dropConnection(socket);
  await sleep(100);
  b.io.to("news").emit("news", "missed, via B");
  await sleep(100);
  await reconnectTo(socket, b.port);
  expect(socket.recovered).toBe(true);
  expect(socket.id).toBe(id);
  await until(() => received.length >= 2, 3000, "replay");
  a.io.to("news").emit("news", "live, via A");
  await until(() => received.length >= 3, 3000, "live");
  await sleep(100);
  expect(received.map(([text]) => text)).toEqual(["before, via B", "missed, via B", "live, via A"]);
});
