// Connection state recovery across socketry nodes (the umbrella's server), when that server
// supports connectionStateRecovery: the same journey as recovery.test.ts with socketry's Server.
// Skipped, with the reason, on a server without the feature (it then never sends a private id).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
const nodes: TestNode[] = [];
const open: ClientSocket[] = [];
let supported = false;

beforeAll(async () => {
  redis = await startRedis();
  for (const kind of ["node-redis 4", "ioredis 5", "node-redis 6"] as const) {
    const created = await createTestClient(kind, redis.url);
    redisClients.push(created);
    const node = await startNode(
      "socketry",
      createAdapter(created.client, { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
      RECOVERY,
    );
    node.io.on("connection", (socket: any) => {
      if (!socket.recovered) socket.join("news");
    });
    nodes.push(node);
  }
  await until(
    async () => (await (nodes[0]!.io.of("/").adapter as RedisStreamsAdapter).serverCount()) === 3,
    5000,
    "3 nodes",
  );
  const probe = await connect(nodes[0]!.port);
  supported = typeof (probe as any)._pid === "string";
  probe.disconnect();
});

afterAll(async () => {
  for (const socket of open) socket.disconnect();
  for (const node of nodes) await node.close();
  for (const created of redisClients) await created.close();
  await redis?.stop();
});

describe.each(["websocket", "polling"] as const)("socketry nodes, recovery over %s", (transport) => {
  it("replays on node C what was sent through B and C while the client was away from A", async (context) => {
    if (!supported) return context.skip("this socketry server has no connectionStateRecovery");
    const socket = await connect(nodes[0]!.port, { transports: [transport] });
    open.push(socket);
    const received = record(socket, "news");
    nodes[1]!.io.to("news").emit("news", "before");
    await until(() => received.length === 1, 3000, "first broadcast");
    const id = socket.id;
    await dropConnection(socket);
    await sleep(100);
    nodes[1]!.io.to("news").emit("news", "m1 via B");
    await sleep(50);
    nodes[2]!.io.to("news").emit("news", "m2 via C");
    nodes[2]!.io.to("elsewhere").emit("news", "not for the client");
    await sleep(100);
    await reconnectTo(socket, nodes[2]!.port);
    expect(socket.recovered).toBe(true);
    expect(socket.id).toBe(id);
    await until(() => received.length >= 3, 3000, "replay");
    nodes[0]!.io.to("news").emit("news", "m3 live");
    await until(() => received.length >= 4, 3000, "live");
    await sleep(100);
    expect(received.map(([text]) => text)).toEqual(["before", "m1 via B", "m2 via C", "m3 live"]);
  });
});
