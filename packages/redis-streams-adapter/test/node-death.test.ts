// The option persistConnectedSessions: a node SIGKILLed while its clients are connected never
// persists their sessions; with the option, they recover on another node with nothing lost.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisStreamsAdapter } from "../src/index.js";
import { createTestClient, type TestClient } from "./helpers/clients.js";
import { connect, nextEvent, reconnectTo, record, sleep, startNode, type TestNode, until } from "./helpers/nodes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const script = fileURLToPath(new URL("./fixtures/node-process.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

let redis: RedisServer | undefined;
let commands: TestClient | undefined;
let child: ChildProcess | undefined;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await commands?.close();
  await redis?.stop();
  redis = undefined;
});

function startChild(persistConnected: boolean): Promise<number> {
  child = fork(script, [], {
    cwd: packageDir,
    execArgv: ["--conditions=socketry-source", "--import", "tsx"],
    env: { ...process.env, REDIS_PORT: String(redis!.port), PERSIST_CONNECTED: persistConnected ? "1" : "0" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("child node did not start")), 15_000);
    child!.once("message", (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child!.once("exit", (code) => reject(new Error(`child node exited with ${code}`)));
  });
}

async function startLocalNode(persistConnected: boolean, maxDisconnectionDuration = 10_000): Promise<TestNode> {
  const created = await createTestClient("node-redis 4", redis!.url);
  const node = await startNode(
    "socket.io",
    createAdapter(created.client, {
      heartbeatInterval: 200,
      heartbeatTimeout: 1000,
      persistConnectedSessions: persistConnected,
    }),
    { connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: true } },
  );
  node.io.on("connection", (socket: any) => {
    if (!socket.recovered) socket.join("news");
  });
  cleanups.push(
    () => created.close(),
    () => node.close(),
  );
  return node;
}

async function setUp(
  persistConnected: boolean,
): Promise<{ b: TestNode; socket: ClientSocket; received: unknown[][]; childPid: number }> {
  redis = await startRedis();
  commands = await createTestClient("node-redis 4", redis.url);
  const port = await startChild(persistConnected);
  const b = await startLocalNode(persistConnected);
  await until(async () => (await (b.io.of("/").adapter as RedisStreamsAdapter).serverCount()) === 2, 10_000, "2 nodes");
  const socket = await connect(port);
  cleanups.push(() => socket.disconnect());
  const received = record(socket, "news");
  b.io.to("news").emit("news", "before");
  await until(() => received.length === 1, 3000, "first broadcast");
  return { b, socket, received, childPid: child!.pid! };
}

async function killChildAndReconnect(socket: ClientSocket, b: TestNode): Promise<void> {
  const gone = nextEvent(socket, "disconnect", 5000);
  child!.kill("SIGKILL");
  await gone;
  b.io.to("news").emit("news", "missed-1");
  b.io.to("news").emit("news", "missed-2");
  await sleep(100);
  await reconnectTo(socket, b.port);
}

describe("a node SIGKILLed while its clients are connected", () => {
  it("with persistConnectedSessions, its clients recover on another node with nothing lost", async () => {
    const { b, socket, received, childPid } = await setUp(true);
    const id = socket.id;
    const pid = (socket as any)._pid as string;
    await until(async () => (await commands!.client.exists(`sio:session:${pid}`)) === 1, 3000, "live session written");
    await killChildAndReconnect(socket, b);
    expect(socket.recovered).toBe(true);
    expect(socket.id).toBe(id);
    await until(() => received.length === 3, 3000, "replay");
    expect(received.map(([text]) => text)).toEqual(["before", "missed-1", "missed-2"]);
    const restored = [...b.io.of("/").sockets.values()].find((s: any) => s.id === id) as any;
    expect(restored.data).toEqual({ process: childPid });
    expect(restored.rooms.has("news")).toBe(true);
  });

  it("without it (the official behaviour), they get a fresh session", async () => {
    const { b, socket } = await setUp(false);
    const id = socket.id;
    await killChildAndReconnect(socket, b);
    expect(socket.recovered).toBe(false);
    expect(socket.id).not.toBe(id);
  });
});

describe("persistConnectedSessions on a live node", () => {
  it("keeps the record of a connected client alive past maxDisconnectionDuration, and deletes it when the client leaves", async () => {
    redis = await startRedis();
    commands = await createTestClient("node-redis 4", redis.url);
    const node = await startLocalNode(true, 1_000);
    const socket = await connect(node.port);
    cleanups.push(() => socket.disconnect());
    const key = `sio:session:${(socket as any)._pid}`;
    await until(async () => (await commands!.client.exists(key)) === 1, 3000, "record written");
    // Refreshed every second with a 2 s expiry: still there after 3 s.
    await sleep(3_000);
    expect(await commands.client.pTTL(key)).toBeGreaterThan(0);
    socket.disconnect();
    await until(async () => (await commands!.client.exists(key)) === 0, 3000, "record deleted");
  });

  it("writes the rooms when they change", async () => {
    redis = await startRedis();
    commands = await createTestClient("node-redis 4", redis.url);
    const node = await startLocalNode(true);
    const socket = await connect(node.port);
    cleanups.push(() => socket.disconnect());
    const key = `sio:session:${(socket as any)._pid}`;
    const server = [...node.io.of("/").sockets.values()][0] as any;
    server.join("later-room");
    const { unpack } = await import("../src/wire.js");
    await until(
      async () => {
        const raw = await commands!.client.get(key);
        return raw !== null && (unpack(Buffer.from(raw, "base64")) as { rooms: string[] }).rooms.includes("later-room");
      },
      3000,
      "rooms written",
    );
  });
});

describe("a node SIGKILLed during a request", () => {
  it("fetchSockets and serverSideEmit end with what the living nodes answered", async () => {
    const { b, socket } = await setUp(false);
    expect((await b.io.fetchSockets()).map((s: any) => s.id)).toEqual([socket.id]);
    child!.kill("SIGKILL");
    const started = Date.now();
    const [sockets, answers] = await Promise.all([
      b.io.timeout(5_000).fetchSockets(),
      new Promise((resolve) =>
        b.io.serverSideEmit("anyone", (error: Error | null, responses: unknown[]) => resolve({ error, responses })),
      ),
    ]);
    // The dead node stops being waited for once silent for heartbeatTimeout (1 s here).
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(sockets).toEqual([]);
    expect(answers).toEqual({ error: null, responses: [] });
    expect(await (b.io.of("/").adapter as RedisStreamsAdapter).serverCount()).toBe(1);
  });
});
