// Connection state recovery across nodes: three official socket.io 4.8 servers on the adapter, an
// official client that drops its connection to one node, misses broadcasts sent through the other
// two, and comes back on a third node with everything replayed, in order, exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter } from "../src/index.js";
import { createTestClient, type ClientKind, type TestClient } from "./helpers/clients.js";
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

// Nodes A and C use node-redis, B ioredis: recovery does not depend on the client library.
const KINDS: ClientKind[] = ["node-redis 4", "ioredis 5", "node-redis 5"];

let redis: RedisServer;
let commands: TestClient;
const redisClients: TestClient[] = [];
const nodes: TestNode[] = [];
const open: ClientSocket[] = [];
const adapterOf = (i: number) => nodes[i]!.io.of("/").adapter as RedisStreamsAdapter;

beforeAll(async () => {
  redis = await startRedis();
  commands = await createTestClient("node-redis 4", redis.url);
  for (const kind of KINDS) {
    const redisClient = await createTestClient(kind, redis.url);
    redisClients.push(redisClient);
    const node = await startNode(
      "socket.io",
      createAdapter(redisClient.client, { heartbeatInterval: 200, heartbeatTimeout: 1000 }),
      RECOVERY,
    );
    node.io.on("connection", (socket: any) => {
      if (socket.recovered) return;
      socket.join("news");
      socket.data = { joinedAt: nodes.indexOf(node) };
    });
    nodes.push(node);
  }
  await until(async () => (await adapterOf(0).serverCount()) === 3, 5000, "3 nodes");
  await until(() => [0, 1, 2].every((i) => adapterOf(i).lastDeliveredId !== undefined), 5000, "readers started");
});

afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  for (const redisClient of redisClients) await redisClient.close();
  await commands?.close();
  await redis?.stop();
});

/** A client of node A that joined "news" and holds an offset (it got one broadcast). */
async function recoverableClient(
  transport: "websocket" | "polling",
): Promise<{ socket: ClientSocket; received: unknown[][] }> {
  const socket = await connect(nodes[0]!.port, { transports: [transport] });
  open.push(socket);
  const received = record(socket, "news");
  nodes[1]!.io.to("news").emit("news", "before");
  await until(() => received.length === 1, 3000, "first broadcast");
  return { socket, received };
}

/** Drops the connection from the client's side (the server sees "transport close") and waits for the session in Redis. */
async function drop(socket: ClientSocket): Promise<string> {
  const pid = (socket as any)._pid as string;
  expect(typeof pid).toBe("string");
  await dropConnection(socket);
  await until(async () => (await commands.client.exists(`sio:session:${pid}`)) === 1, 3000, "session persisted");
  return pid;
}

/** Emits through node `from` and waits until a watcher in "news" got it, so the order is defined. */
async function emitInOrder(
  watched: unknown[][],
  from: number,
  room: string | undefined,
  ...args: unknown[]
): Promise<void> {
  const target = room === undefined ? nodes[from]!.io : nodes[from]!.io.to(room);
  target.emit("news", ...args);
  if (room === "news" || room === undefined)
    await until(() => watched.some(([text]) => text === args[0]), 3000, `watcher got ${String(args[0])}`);
  else await sleep(50);
}

/** Kills the connections blocked in XREAD (the adapters' readers). */
async function killReaders(): Promise<void> {
  const list = String(await commands.client.sendCommand(["CLIENT", "LIST"]));
  const ids = list
    .split("\n")
    .filter((line) => line.includes("cmd=xread"))
    .map((line) => /\bid=(\d+)/.exec(line)![1]!);
  expect(ids.length).toBeGreaterThanOrEqual(3);
  for (const id of ids) await commands.client.sendCommand(["CLIENT", "KILL", "ID", id]);
}

describe.each(["websocket", "polling"] as const)("recovery over %s", (transport) => {
  it("replays on node C what was sent through B and C while the client was away from A", async () => {
    const watcher = await connect(nodes[1]!.port);
    open.push(watcher);
    const watched = record(watcher, "news");
    const { socket, received } = await recoverableClient(transport);
    await until(() => watched.length === 1, 3000, "watcher ready");
    const id = socket.id;
    await drop(socket);

    await emitInOrder(watched, 1, "news", "m1 via B");
    await emitInOrder(watched, 2, "news", "m2 via C");
    await emitInOrder(watched, 1, "elsewhere", "not for the client");
    nodes[2]!.io.to("news").except("news").emit("news", "excluded");
    nodes[1]!.io.to("news").volatile.emit("news", "volatile");
    await emitInOrder(watched, 2, undefined, "m3 to all via C");
    await emitInOrder(watched, 0, "news", "m4 via A");
    await sleep(50);

    await reconnectTo(socket, nodes[2]!.port);
    expect(socket.recovered).toBe(true);
    expect(socket.id).toBe(id);
    await until(() => received.length >= 5, 3000, "missed packets replayed");
    // Live traffic after the recovery arrives once, after the replay.
    await emitInOrder(watched, 0, "news", "m5 live");
    await until(() => received.length >= 6, 3000, "live packet");
    await sleep(100);
    expect(received.map(([text]) => text)).toEqual([
      "before",
      "m1 via B",
      "m2 via C",
      "m3 to all via C",
      "m4 via A",
      "m5 live",
    ]);
    // The rooms came back: a broadcast to "news" on node C reaches the client.
    const server = [...nodes[2]!.io.of("/").sockets.values()].find((s: any) => s.id === id) as any;
    expect(server.recovered).toBe(true);
    expect(server.rooms.has("news")).toBe(true);
    expect(server.data).toEqual({ joinedAt: 0 });
  });

  it("replays exactly once while broadcasts keep flowing during the reconnection", async () => {
    const { socket, received } = await recoverableClient(transport);
    await drop(socket);
    let sent = 0;
    let sending = true;
    const pump = (async () => {
      while (sending) {
        nodes[1 + (sent % 2)]!.io.to("news").emit("news", "seq", sent++);
        await sleep(3);
      }
    })();
    await sleep(60);
    // The readers lose their connections and retry a moment later: node C restores the session
    // while its reader is behind the stream, the case where a replay could repeat live packets.
    await killReaders();
    await reconnectTo(socket, nodes[2]!.port);
    expect(socket.recovered).toBe(true);
    await sleep(250);
    sending = false;
    await pump;
    const total = sent;
    await until(() => received.length >= total + 1, 5000, `all ${total} sequence packets`);
    await sleep(100);
    // Two senders: each one's packets in order, none lost, none twice.
    const seq = received.slice(1).map(([, n]) => n as number);
    expect(seq.length).toBe(total);
    expect(new Set(seq).size).toBe(total);
    for (const sender of [0, 1]) {
      const own = seq.filter((n) => n % 2 === sender);
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }
  });

  it("gives a fresh session when the offset was trimmed from the stream", async () => {
    const { socket } = await recoverableClient(transport);
    const id = socket.id;
    await drop(socket);
    nodes[1]!.io.to("news").emit("news", "m1");
    nodes[1]!.io.to("news").emit("news", "m2");
    await sleep(50);
    await commands.client.sendCommand(["XTRIM", "socket.io", "MAXLEN", "1"]);
    await reconnectTo(socket, nodes[2]!.port);
    expect(socket.recovered).toBe(false);
    expect(socket.id).not.toBe(id);
  });
});

describe("restoreSession", () => {
  it("gives a session back once, whichever node asks", async () => {
    const { socket } = await recoverableClient("websocket");
    const pid = await drop(socket);
    const offset = (socket as any)._lastOffset as string;
    const [first, second] = await Promise.all([
      adapterOf(1).restoreSession(pid, offset),
      adapterOf(2).restoreSession(pid, offset),
    ]);
    expect([first, second].filter((session) => session !== null)).toHaveLength(1);
    expect(await adapterOf(1).restoreSession(pid, offset)).toBeNull();
  });

  it("refuses unknown sessions and malformed offsets", async () => {
    const { socket } = await recoverableClient("websocket");
    const pid = await drop(socket);
    expect(await adapterOf(1).restoreSession("unknown", (socket as any)._lastOffset)).toBeNull();
    expect(await adapterOf(1).restoreSession(pid, "not-an-offset")).toBeNull();
    expect(await adapterOf(1).restoreSession(pid, "1-1")).toBeNull();
  });

  it("stores the session with the recovery duration as its expiry", async () => {
    const { socket } = await recoverableClient("websocket");
    const pid = await drop(socket);
    const ttl = await commands.client.pTTL(`sio:session:${pid}`);
    expect(ttl).toBeGreaterThan(5_000);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });
});
