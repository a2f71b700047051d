import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createClient } from "redis";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
const nodes: TestNode[] = [];
const clients: ClientSocket[] = [];
const quits: Array<() => Promise<unknown>> = [];

// Node 0 uses node-redis, nodes 1 and 2 ioredis: the two clients interoperate on one Redis.
async function clientsFor(index: number): Promise<{ pub: unknown; sub: unknown }> {
  if (index === 0) {
    const pub = createClient({ url: redis.url });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    quits.push(() => Promise.all([pub.quit(), sub.quit()]));
    return { pub, sub };
  }
  const pub = new Redis(redis.port, "127.0.0.1");
  const sub = pub.duplicate();
  quits.push(() => Promise.all([pub.quit(), sub.quit()]));
  return { pub, sub };
}

const adapterOf = (node: TestNode) => node.io.of("/").adapter as unknown as RedisAdapter;

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 3; i++) {
    const { pub, sub } = await clientsFor(i);
    const node = await startNode(
      createAdapter(pub, sub, { heartbeatInterval: 200, heartbeatTimeout: 1000, requestsTimeout: 2000 }),
    );
    node.io.on("connection", (socket) => {
      socket.join(`node-${i}`);
      socket.data = { node: i };
    });
    nodes.push(node);
  }
  for (const node of nodes) clients.push(await connect(node.port));
  await until(async () => (await adapterOf(nodes[0]!).serverCount()) === 3, 5000, "3 nodes");
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  for (const node of nodes) await node.close();
  for (const quit of quits) await quit();
  await redis.stop();
});

describe("cluster-wide operations", () => {
  it("counts the nodes by heartbeat", async () => {
    expect(await Promise.all(nodes.map((node) => adapterOf(node).serverCount()))).toEqual([3, 3, 3]);
    expect(adapterOf(nodes[1]!).health).toMatchObject({ subscribed: true, peers: 2 });
  });

  it("fetchSockets returns the sockets of every node with their rooms and data", async () => {
    const sockets = await nodes[0]!.io.fetchSockets();
    expect(sockets.map((socket) => socket.id).sort()).toEqual(clients.map((client) => client.id).sort());
    const remote = sockets.find((socket) => socket.id === clients[2]!.id)!;
    expect([...remote.rooms].sort()).toEqual([clients[2]!.id, "node-2"].sort());
    expect(remote.data).toEqual({ node: 2 });
    expect(remote.handshake).toMatchObject({ address: expect.any(String), query: expect.any(Object) });
  });

  it("fetchSockets honours rooms and except", async () => {
    const inRoom = await nodes[0]!.io.in("node-1").fetchSockets();
    expect(inRoom.map((socket) => socket.id)).toEqual([clients[1]!.id]);
    const others = await nodes[0]!.io.except("node-1").fetchSockets();
    expect(others.map((socket) => socket.id).sort()).toEqual([clients[0]!.id, clients[2]!.id].sort());
  });

  it("a remote socket from fetchSockets can be emitted to", async () => {
    const [remote] = await nodes[0]!.io.in("node-2").fetchSockets();
    const received = nextEvent(clients[2]!, "direct");
    remote!.emit("direct", 42);
    expect(await received).toEqual([42]);
  });

  it("allSockets and allRooms cover every node", async () => {
    const ids = await nodes[1]!.io.allSockets();
    expect([...ids].sort()).toEqual(clients.map((client) => client.id).sort());
    const rooms = await adapterOf(nodes[1]!).allRooms();
    for (const room of ["node-0", "node-1", "node-2", ...clients.map((client) => client.id!)])
      expect(rooms.has(room)).toBe(true);
  });

  it("socketsJoin and socketsLeave change rooms on other nodes", async () => {
    nodes[0]!.io.in("node-2").socketsJoin(["joined", "also"]);
    await until(() => adapterOf(nodes[2]!).rooms.get("joined")?.has(clients[2]!.id!) === true);
    expect(adapterOf(nodes[2]!).rooms.get("also")?.has(clients[2]!.id!)).toBe(true);
    expect(adapterOf(nodes[1]!).rooms.has("joined")).toBe(false);
    nodes[1]!.io.in("joined").socketsLeave("joined");
    await until(() => !adapterOf(nodes[2]!).rooms.has("joined"));
    expect(adapterOf(nodes[2]!).rooms.has("also")).toBe(true);
  });

  it("serverSideEmit reaches the other nodes, and collects their acknowledgements", async () => {
    const seen: unknown[][] = [];
    nodes[1]!.io.on("ping-all", (value: number, ack: (answer: string) => void) => {
      seen.push([1, value]);
      ack("pong-1");
    });
    nodes[2]!.io.on("ping-all", (value: number, ack: (answer: string) => void) => {
      seen.push([2, value]);
      ack("pong-2");
    });
    const answers = await new Promise<[Error | null, unknown[]]>((resolve) =>
      nodes[0]!.io.serverSideEmit("ping-all", 7, (err: Error | null, responses: unknown[]) =>
        resolve([err, responses]),
      ),
    );
    expect(answers[0]).toBeNull();
    expect([...answers[1]].sort()).toEqual(["pong-1", "pong-2"]);
    expect(seen.sort()).toEqual([
      [1, 7],
      [2, 7],
    ]);
    const viaPromise = await nodes[0]!.io.serverSideEmitWithAck("ping-all", 8);
    expect([...viaPromise].sort()).toEqual(["pong-1", "pong-2"]);
  });

  it("serverSideEmit without acknowledgement", async () => {
    const received = nextEvent(nodes[2]!.io, "notice");
    nodes[1]!.io.serverSideEmit("notice", { a: 1 }, "b");
    expect(await received).toEqual([{ a: 1 }, "b"]);
  });

  it("a broadcast with acknowledgements collects the answers of clients on every node", async () => {
    for (const [i, client] of clients.entries())
      client.on("question", (ack: (answer: string) => void) => ack(`answer-${i}`));
    const responses = await nodes[0]!.io.timeout(2000).emitWithAck("question");
    expect([...responses].sort()).toEqual(["answer-0", "answer-1", "answer-2"]);
    const roomOnly = await nodes[2]!.io.to("node-1").timeout(2000).emitWithAck("question");
    expect(roomOnly).toEqual(["answer-1"]);
  });

  it("disconnectSockets disconnects the matching sockets on other nodes", async () => {
    const extra = await connect(nodes[2]!.port);
    const extraId = extra.id;
    const onNode2 = (await nodes[0]!.io.in("node-2").fetchSockets()).map((socket) => socket.id);
    expect(onNode2).toContain(extraId);
    const gone = nextEvent(extra, "disconnect");
    nodes[0]!.io.in(extraId!).disconnectSockets(true);
    expect(await gone).toEqual(["io server disconnect", undefined]);
    await until(async () => !(await nodes[1]!.io.allSockets()).has(extraId!));
    expect(clients.every((client) => client.connected)).toBe(true);
  });

  it("local operations stay on their node", async () => {
    const local = await nodes[0]!.io.local.fetchSockets();
    expect(local.map((socket) => socket.id)).toEqual([clients[0]!.id]);
    const received = clients.map((client) => record(client, "only-local"));
    nodes[0]!.io.local.emit("only-local", 1);
    await until(() => received[0]!.length === 1);
    await sleep(100);
    expect(received.map((list) => list.length)).toEqual([1, 0, 0]);
  });
});
