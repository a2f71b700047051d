// Three socketry nodes on one redis-server, for each Redis client library and major: broadcasts
// and every cluster-wide operation reach the sockets of the other nodes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter } from "../src/index.js";
import { CLIENT_KINDS, createTestClient, type TestClient } from "./helpers/clients.js";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/nodes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

describe.each(CLIENT_KINDS)("three nodes with %s", (kind) => {
  let redis: RedisServer;
  const redisClients: TestClient[] = [];
  const nodes: TestNode[] = [];
  const sockets: ClientSocket[] = [];
  const adapterOf = (i: number) => nodes[i]!.io.of("/").adapter as RedisStreamsAdapter;

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 3; i++) {
      const redisClient = await createTestClient(kind, redis.url);
      redisClients.push(redisClient);
      const node = await startNode(
        "socketry",
        createAdapter(redisClient.client, { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
      );
      node.io.on("connection", (socket: any) => {
        socket.join(`node-${i}`);
        socket.data = { node: i };
      });
      nodes.push(node);
    }
    for (const node of nodes) sockets.push(await connect(node.port));
    await until(
      async () => (await Promise.all([0, 1, 2].map((i) => adapterOf(i).serverCount()))).every((n) => n === 3),
      5000,
      "3 nodes",
    );
    // Every reader has its starting point, so nothing sent from now on is missed.
    await until(() => [0, 1, 2].every((i) => adapterOf(i).lastDeliveredId !== undefined), 5000, "readers started");
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const node of nodes) await node.close();
    for (const redisClient of redisClients) await redisClient.close();
    await redis?.stop();
  });

  it("counts three nodes", async () => {
    expect(await Promise.all([0, 1, 2].map((i) => adapterOf(i).serverCount()))).toEqual([3, 3, 3]);
  });

  it("broadcasts to every node, in order", async () => {
    const received = sockets.map((socket) => record(socket, "tick"));
    for (let n = 0; n < 20; n++) nodes[n % 3]!.io.emit("tick", n % 3, n);
    await until(() => received.every((list) => list.length === 20), 5000, "20 ticks everywhere");
    // Per sender, the order of sending is kept.
    for (const list of received) {
      for (const sender of [0, 1, 2]) {
        const fromSender = list.filter(([from]) => from === sender).map(([, n]) => n);
        expect(fromSender).toEqual([...fromSender].sort((a, b) => (a as number) - (b as number)));
      }
    }
    for (const socket of sockets) socket.off("tick");
  });

  it("honours rooms and except across nodes", async () => {
    const received = sockets.map((socket) => record(socket, "room"));
    nodes[0]!.io.to("node-1").to("node-2").except("node-2").emit("room", "one");
    nodes[2]!.io.to("node-0").emit("room", "zero");
    await until(() => received[1]!.length === 1 && received[0]!.length === 1, 3000, "room broadcasts");
    await sleep(100);
    expect(received).toEqual([[["zero"]], [["one"]], []]);
    for (const socket of sockets) socket.off("room");
  });

  it("carries binary data", async () => {
    const got = nextEvent(sockets[2]!, "bin");
    nodes[0]!.io.emit("bin", Buffer.from([1, 2, 3]), { nested: new Uint8Array([4]) });
    const [buffer, nested] = (await got) as [Buffer, { nested: Buffer }];
    expect([...new Uint8Array(buffer)]).toEqual([1, 2, 3]);
    expect([...new Uint8Array(nested.nested)]).toEqual([4]);
  });

  it("fetchSockets returns the sockets of every node with rooms and data", async () => {
    const found = await nodes[0]!.io.fetchSockets();
    expect(found.map((s: any) => s.id).sort()).toEqual(sockets.map((s) => s.id).sort());
    const remote = found.find((s: any) => s.id === sockets[2]!.id);
    expect([...remote.rooms].sort()).toEqual([sockets[2]!.id, "node-2"].sort());
    expect(remote.data).toEqual({ node: 2 });
    const inRoom = await nodes[1]!.io.in("node-2").fetchSockets();
    expect(inRoom.map((s: any) => s.id)).toEqual([sockets[2]!.id]);
  });

  it("serverSideEmit reaches the other nodes, with their acknowledgements", async () => {
    const heard: number[] = [];
    nodes.forEach((node, i) =>
      node.io.on("ping-nodes", (value: number, ack: (answer: unknown) => void) => {
        heard.push(i);
        ack({ node: i, value });
      }),
    );
    const answers = await new Promise<unknown[]>((resolve, reject) => {
      nodes[0]!.io.serverSideEmit("ping-nodes", 7, (error: Error | null, responses: unknown[]) =>
        error ? reject(error) : resolve(responses),
      );
    });
    expect(heard.sort()).toEqual([1, 2]);
    expect((answers as Array<{ node: number }>).map((a) => a.node).sort()).toEqual([1, 2]);
    expect(answers).toContainEqual({ node: 1, value: 7 });
  });

  it("broadcasts with acknowledgements collect every client's answer", async () => {
    for (const socket of sockets) socket.on("question", (n: number, ack: (answer: number) => void) => ack(n * 2));
    const answers = await nodes[1]!.io.timeout(3000).emitWithAck("question", 21);
    expect(answers).toEqual([42, 42, 42]);
    for (const socket of sockets) socket.off("question");
  });

  it("socketsJoin and socketsLeave act on remote sockets", async () => {
    nodes[0]!.io.in("node-2").socketsJoin("joined");
    await until(async () => (await nodes[2]!.io.in("joined").fetchSockets()).length === 1, 3000, "remote join");
    const got = nextEvent(sockets[2]!, "in-joined");
    nodes[1]!.io.to("joined").emit("in-joined", true);
    expect(await got).toEqual([true]);
    nodes[1]!.io.in("joined").socketsLeave("joined");
    await until(async () => (await nodes[2]!.io.in("joined").fetchSockets()).length === 0, 3000, "remote leave");
  });

  it("disconnectSockets disconnects remote sockets", async () => {
    const gone = nextEvent(sockets[1]!, "disconnect");
    nodes[2]!.io.in("node-1").disconnectSockets();
    expect((await gone)[0]).toBe("io server disconnect");
    sockets[1] = await connect(nodes[1]!.port);
  });

  it("a closed node leaves the count", async () => {
    const extraClient = await createTestClient(kind, redis.url);
    const extra = await startNode(
      "socketry",
      createAdapter(extraClient.client, { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
    );
    await until(async () => (await adapterOf(0).serverCount()) === 4, 5000, "4 nodes");
    await extra.close();
    await until(async () => (await adapterOf(0).serverCount()) === 3, 5000, "back to 3 nodes");
    await extraClient.close();
  });
});
