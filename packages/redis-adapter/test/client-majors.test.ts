// Each client major (node-redis 3 to 6, ioredis 5 and 6) against a real redis-server, with the
// classic and the sharded adapter: broadcasts, rooms, acknowledgements and cluster requests cross
// two socketry nodes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, createShardedAdapter, type RedisAdapter, type ShardedRedisAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, startNode, until, type TestNode } from "./helpers/cluster.js";
import { clientLibraries, type ClientPair } from "./helpers/client-libraries.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const adapters = {
  classic: (pair: ClientPair) =>
    createAdapter(pair.pub, pair.sub, { requestsTimeout: 2000, heartbeatInterval: 200, heartbeatTimeout: 1000 }),
  sharded: (pair: ClientPair) => createShardedAdapter(pair.pub, pair.sub, { requestsTimeout: 2000 }),
};

const cases = clientLibraries.flatMap((library) =>
  (Object.keys(adapters) as Array<keyof typeof adapters>)
    .filter((kind) => kind === "classic" || library.sharded)
    .map((kind) => ({ library, kind })),
);

describe.each(cases)("$library.name, $kind adapter", ({ library, kind }) => {
  const nodes: TestNode[] = [];
  const clients: ClientSocket[] = [];
  const pairs: ClientPair[] = [];
  const adapterOf = (i: number) => nodes[i]!.io.of("/").adapter as unknown as RedisAdapter | ShardedRedisAdapter;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const pair = await library.pair(redis.port);
      pairs.push(pair);
      nodes.push(await startNode(adapters[kind](pair)));
    }
    nodes[1]!.io.on("connection", (socket) => {
      socket.join("blue");
      socket.on("ask", (cb: (answer: string) => void) => cb("fine"));
    });
    nodes[0]!.io.on("connection", (socket) => socket.on("ask", (cb: (answer: string) => void) => cb("ok")));
    for (const node of nodes) clients.push(await connect(node.port));
    for (const client of clients) client.on("question", (cb: (answer: string) => void) => cb(`from ${client.id}`));
    await until(async () => (await adapterOf(0).serverCount()) === 2, 5000, "2 nodes");
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const node of nodes) await node.close();
    for (const pair of pairs) await pair.quit();
  });

  it("is subscribed and healthy", async () => {
    // the subscription is confirmed when the node hears itself: on a loaded machine that may come
    // after the other node's first heartbeat
    await until(async () => adapterOf(0).health.subscribed && adapterOf(1).health.subscribed, 5000, "both subscribed");
    expect(adapterOf(0).health.subscribed).toBe(true);
    expect(adapterOf(1).health.subscribed).toBe(true);
    expect(adapterOf(0).health.lastError).toBeUndefined();
  });

  it("broadcasts to the clients of the other node, binary included", async () => {
    const got = nextEvent(clients[1]!, "news");
    nodes[0]!.io.emit("news", "hello", Buffer.from([1, 2, 3]));
    const [text, bytes] = await got;
    expect(text).toBe("hello");
    expect(Buffer.from(bytes as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
  });

  it("broadcasts to a room that lives on the other node only", async () => {
    // The sharded adapter in dynamic mode subscribes to the room's channel when it is created.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const received: string[] = [];
    clients[0]!.on("room-news", () => received.push("node 0"));
    const got = nextEvent(clients[1]!, "room-news");
    nodes[0]!.io.to("blue").emit("room-news");
    await got;
    expect(received).toEqual([]);
  });

  it("collects the acknowledgements of every client of the cluster", async () => {
    const answers = await nodes[0]!.io.timeout(2000).emitWithAck("question");
    expect([...answers].sort()).toEqual([`from ${clients[0]!.id}`, `from ${clients[1]!.id}`].sort());
  });

  it("fetches the sockets of both nodes", async () => {
    const sockets = await nodes[0]!.io.fetchSockets();
    expect(sockets.map((socket) => socket.id).sort()).toEqual([clients[0]!.id, clients[1]!.id].sort());
    expect(adapterOf(0).requests.size).toBe(0);
  });

  it("gets the other node's answer to a server-side emit", async () => {
    nodes[1]!.io.on("ping-node", (cb: (answer: string) => void) => cb("pong"));
    const answers = await nodes[0]!.io.serverSideEmitWithAck("ping-node");
    expect(answers).toEqual(["pong"]);
  });

  it("makes the sockets of the other node join a room", async () => {
    nodes[0]!.io.socketsJoin("everyone");
    await until(
      async () => (await nodes[1]!.io.in("everyone").local.fetchSockets()).length === 1,
      3000,
      "joined on node 1",
    );
  });
});
