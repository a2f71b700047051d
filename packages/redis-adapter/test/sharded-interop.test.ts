// One official socket.io node with the official sharded adapter and one socketry node with ours,
// on one Redis, in each subscription mode: broadcasts and requests cross both ways.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { Server as OfficialServer } from "socket.io";
import { createShardedAdapter as createOfficialShardedAdapter } from "@socket.io/redis-adapter";
import type { Socket as ClientSocket } from "socket.io-client";
import { createShardedAdapter, type ShardedRedisAdapter, type SubscriptionMode } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, record, sleep, startNode, until, type TestNode } from "./helpers/cluster.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const modes: SubscriptionMode[] = ["static", "dynamic", "dynamic-private"];

describe.each(modes)("official and socketry sharded adapters (%s mode)", (subscriptionMode) => {
  let official: OfficialServer;
  let officialPort: number;
  let socketry: TestNode;
  let officialClient: ClientSocket;
  let socketryClient: ClientSocket;
  const quits: Array<() => Promise<unknown>> = [];

  async function redisPair() {
    const pub = createClient({ url: redis.url });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    // quit, not disconnect: the official adapter sends SUNSUBSCRIBE on close without awaiting or
    // catching it, and disconnect() rejects whatever is still unanswered (unhandled under load)
    quits.push(() => Promise.allSettled([pub.quit(), sub.quit()]));
    return { pub, sub };
  }

  beforeAll(async () => {
    const a = await redisPair();
    const http = createServer();
    official = new OfficialServer(http, { adapter: createOfficialShardedAdapter(a.pub, a.sub, { subscriptionMode }) });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    officialPort = (http.address() as AddressInfo).port;
    const b = await redisPair();
    socketry = await startNode(createShardedAdapter(b.pub, b.sub, { subscriptionMode, requestsTimeout: 2000 }));
    official.on("connection", (socket) => {
      socket.join("official-room");
      socket.data = { side: "official" };
    });
    socketry.io.on("connection", (socket) => {
      socket.join("socketry-room");
      socket.data = { side: "socketry" };
    });
    officialClient = await connect(officialPort);
    socketryClient = await connect(socketry.port);
    await sleep(100); // the dynamic modes subscribe to a room's channel when the room is created
  });

  afterAll(async () => {
    officialClient.disconnect();
    socketryClient.disconnect();
    await new Promise((resolve) => official.close(resolve));
    await socketry.close();
    for (const quit of quits) await quit();
  });

  it("each counts two servers", async () => {
    expect(await official.of("/").adapter.serverCount()).toBe(2);
    expect(await (socketry.io.of("/").adapter as unknown as ShardedRedisAdapter).serverCount()).toBe(2);
  });

  it("broadcasts cross both ways, binary included", async () => {
    const onOfficial = record(officialClient, "news");
    const onSocketry = record(socketryClient, "news");
    socketry.io.emit("news", "from socketry", Buffer.from([9, 8]));
    official.emit("news", "from official", Buffer.from([7]));
    await until(() => onOfficial.length === 2 && onSocketry.length === 2);
    const texts = (list: unknown[][]) => list.map((args) => args[0]).sort();
    expect(texts(onOfficial)).toEqual(["from official", "from socketry"]);
    expect(texts(onSocketry)).toEqual(["from official", "from socketry"]);
    const binary = onOfficial.find((args) => args[0] === "from socketry")![1] as ArrayBuffer;
    expect([...new Uint8Array(binary)]).toEqual([9, 8]);
  });

  it("room and single-socket broadcasts cross both ways and stay in the room", async () => {
    const onOfficial = record(officialClient, "room-news");
    const onSocketry = record(socketryClient, "room-news");
    socketry.io.to("official-room").emit("room-news", 1);
    official.to("socketry-room").emit("room-news", 2);
    socketry.io.to(officialClient.id!).emit("room-news", 3);
    official.to(socketryClient.id!).emit("room-news", 4);
    await until(() => onOfficial.length === 2 && onSocketry.length === 2);
    await sleep(100);
    expect(onOfficial.sort()).toEqual([[1], [3]]);
    expect(onSocketry.sort()).toEqual([[2], [4]]);
  });

  it("fetchSockets crosses both ways", async () => {
    const fromSocketry = await socketry.io.fetchSockets();
    expect(fromSocketry.map((socket) => socket.id).sort()).toEqual([officialClient.id, socketryClient.id].sort());
    expect(fromSocketry.find((socket) => socket.id === officialClient.id)!.data).toEqual({ side: "official" });
    const fromOfficial = await official.fetchSockets();
    expect(fromOfficial.map((socket) => socket.id).sort()).toEqual([officialClient.id, socketryClient.id].sort());
    const socketrySocket = fromOfficial.find((socket) => socket.id === socketryClient.id)!;
    expect(socketrySocket.data).toEqual({ side: "socketry" });
    expect([...socketrySocket.rooms]).toContain("socketry-room");
  });

  it("serverSideEmit with acknowledgement crosses both ways", async () => {
    official.on("who", (ack: (name: string) => void) => ack("official"));
    socketry.io.on("who", (ack: (name: string) => void) => ack("socketry"));
    expect(await socketry.io.serverSideEmitWithAck("who")).toEqual(["official"]);
    expect(await official.serverSideEmitWithAck("who")).toEqual(["socketry"]);
  });

  it("broadcasts with acknowledgement cross both ways", async () => {
    officialClient.on("q", (ack: (a: string) => void) => ack("o"));
    socketryClient.on("q", (ack: (a: string) => void) => ack("s"));
    expect([...(await socketry.io.timeout(2000).emitWithAck("q"))].sort()).toEqual(["o", "s"]);
    expect([...(await official.timeout(2000).emitWithAck("q"))].sort()).toEqual(["o", "s"]);
  });

  it("socketsJoin and disconnectSockets cross both ways", async () => {
    socketry.io.in("official-room").socketsJoin("joined-from-socketry");
    await until(() => official.of("/").adapter.rooms.has("joined-from-socketry"));
    official.in("socketry-room").socketsJoin("joined-from-official");
    await until(() => socketry.io.of("/").adapter.rooms.has("joined-from-official"));
    const extraOfficial = await connect(officialPort);
    const extraSocketry = await connect(socketry.port);
    const goneOfficial = nextEvent(extraOfficial, "disconnect");
    const goneSocketry = nextEvent(extraSocketry, "disconnect");
    socketry.io.in(extraOfficial.id!).disconnectSockets(true);
    official.in(extraSocketry.id!).disconnectSockets(true);
    expect((await goneOfficial)[0]).toBe("io server disconnect");
    expect((await goneSocketry)[0]).toBe("io server disconnect");
  });
});
