// Redis's failure modes: a restarted (emptied) Redis, and a reader that fell behind `maxLen`.
import { afterEach, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter, type StreamGap } from "../src/index.js";
import { createTestClient, type ClientKind, type TestClient } from "./helpers/clients.js";
import { connect, record, sleep, startNode, until, type TestNode } from "./helpers/nodes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

let redis: RedisServer | undefined;
const redisClients: TestClient[] = [];
const nodes: TestNode[] = [];
const sockets: ClientSocket[] = [];
const adapterOf = (node: TestNode) => node.io.of("/").adapter as RedisStreamsAdapter;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const node of nodes.splice(0)) await node.close();
  for (const created of redisClients.splice(0)) await created.close();
  await redis?.stop();
  redis = undefined;
});

async function startCluster(kinds: ClientKind[], options: Record<string, unknown> = {}): Promise<void> {
  redis = await startRedis();
  for (const kind of kinds) {
    const created = await createTestClient(kind, redis.url);
    redisClients.push(created);
    const node = await startNode(
      "socketry",
      createAdapter(created.client, { heartbeatInterval: 200, heartbeatTimeout: 1000, ...options }),
    );
    nodes.push(node);
    sockets.push(await connect(node.port));
  }
  await until(async () => (await adapterOf(nodes[0]!).serverCount()) === kinds.length, 5000, "nodes");
  await until(() => nodes.every((node) => adapterOf(node).lastDeliveredId !== undefined), 5000, "readers");
}

describe.each([["node-redis 4"], ["ioredis 5"]] as const)("Redis restarted, nodes on %s", (kind) => {
  it("the readers resume after the restart, report the lost stream, and deliver every later broadcast once, none from before again", async () => {
    await startCluster([kind, kind]);
    const gaps: StreamGap[] = [];
    adapterOf(nodes[1]!).on("gap", (gap: StreamGap) => gaps.push(gap));
    const received = sockets.map((socket) => record(socket, "tick"));
    nodes[0]!.io.emit("tick", "before-1");
    nodes[1]!.io.emit("tick", "before-2");
    await until(() => received.every((list) => list.length === 2), 3000, "before the restart");

    await redis!.restart(300);
    // Both nodes can publish and read again (the clients reconnect by themselves).
    let n = 0;
    await until(
      async () => {
        nodes[0]!.io.emit("probe", n++);
        await sleep(100);
        return received[1]!.length === 2 && (await adapterOf(nodes[1]!).serverCount()) === 2;
      },
      10_000,
      "cluster back",
    );
    const after = sockets.map((socket) => record(socket, "after"));
    await until(
      async () => {
        nodes[1]!.io.emit("after", "ping");
        await sleep(150);
        return after[0]!.length > 0;
      },
      10_000,
      "node 0 reads again",
    );
    for (const list of after) list.length = 0;
    nodes[0]!.io.emit("tick", "after-1");
    nodes[1]!.io.emit("tick", "after-2");
    await until(() => received.every((list) => list.length === 4), 5000, "after the restart");
    await sleep(300);
    for (const list of received)
      expect(list.map(([text]) => text).sort()).toEqual(["after-1", "after-2", "before-1", "before-2"]);
    // The restarted Redis is empty: the entry the reader stood on is gone, which it reports.
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps[0]!.stream).toBe("socket.io");
  });
});

describe("a reader that falls behind maxLen", () => {
  it("reports the gap on the adapter's gap event, then reads on", async () => {
    await startCluster(["node-redis 4"], { maxLen: 20, readCount: 5 });
    const adapter = adapterOf(nodes[0]!);
    const gaps: StreamGap[] = [];
    adapter.on("gap", (gap: StreamGap) => gaps.push(gap));
    const commands = await createTestClient("node-redis 4", redis!.url);
    redisClients.push(commands);
    // Something this node had read, so it has a position to lose.
    await commands.client.sendCommand(["XADD", "socket.io", "*", "uid", "other", "nsp", "/elsewhere", "type", "3"]);
    await until(() => adapter.lastDeliveredId !== "0-0", 3000, "reader positioned");
    const lastId = adapter.lastDeliveredId;

    // The reader loses its connection; meanwhile 200 entries go in and the stream keeps 20.
    const list = String(await commands.client.sendCommand(["CLIENT", "LIST"]));
    const readerId = list
      .split("\n")
      .find((line) => line.includes("cmd=xread"))
      ?.match(/\bid=(\d+)/)?.[1];
    expect(readerId).toBeDefined();
    const burst = commands.client.multi();
    for (let i = 0; i < 200; i++)
      burst.addCommand(["XADD", "socket.io", "MAXLEN", "20", "*", "uid", "other", "nsp", "/elsewhere", "type", "3"]);
    await commands.client.sendCommand(["CLIENT", "KILL", "ID", readerId!]);
    await burst.exec();

    await until(() => gaps.length > 0, 5000, "gap reported");
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ stream: "socket.io", lastId });
    const oldest = await commands.client.sendCommand(["XRANGE", "socket.io", "-", "+", "COUNT", "1"]);
    expect(gaps[0]!.resumedAt).toBe((oldest as string[][])[0]![0]);

    // It reads on: a broadcast sent through Redis reaches this node's client.
    const got = record(sockets[0]!, "later");
    const data = JSON.stringify({
      packet: { type: 2, data: ["later", 1] },
      opts: { rooms: [], except: [], flags: {} },
    });
    await commands.client.sendCommand([
      "XADD",
      "socket.io",
      "*",
      "uid",
      "other",
      "nsp",
      "/",
      "type",
      "3",
      "data",
      data,
    ]);
    await until(() => got.length === 1, 3000, "later broadcast");
    expect(gaps).toHaveLength(1);
  });

  it("a reader that keeps up reports nothing, however long the stream", async () => {
    await startCluster(["ioredis 5", "node-redis 4"], { maxLen: 20, readCount: 5 });
    const gaps: StreamGap[] = [];
    for (const node of nodes) adapterOf(node).on("gap", (gap: StreamGap) => gaps.push(gap));
    const received = record(sockets[1]!, "many");
    for (let i = 0; i < 100; i++) {
      nodes[0]!.io.emit("many", i);
      if (i % 10 === 9) await sleep(20);
    }
    await until(() => received.length === 100, 5000, "100 broadcasts");
    expect(received.map(([i]) => i)).toEqual([...Array(100).keys()]);
    expect(gaps).toEqual([]);
  });
});
