// End to end: the example cluster (a primary with sticky sessions, two socketry workers, the
// Redis adapter) runs as real OS processes against a real redis-server. Clients connect with the
// default transports (long-polling, then the upgrade to WebSocket), so every request after the
// handshake must be routed by session id to the worker that owns the session.
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, EXAMPLE_DIR, type ClusterProcess } from "./helpers/cluster-process.js";
import { pgrep } from "./helpers/processes.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const WORKERS = 2;
const MAX_CLIENTS = 20;
const WAIT_MS = 5000;

let redis: RedisServer | undefined;
let cluster: ClusterProcess | undefined;
const clients: Socket[] = [];

/** Rejects after `ms` with `what` in the message, so a lost event fails the test with a reason. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A connected client (default transports) and the transport its session opened with. */
async function connectClient(url: string): Promise<{ socket: Socket; firstTransport: string }> {
  const socket = connect(url, { reconnection: false, forceNew: true });
  clients.push(socket);
  let firstTransport = "";
  socket.io.once("open", () => (firstTransport = socket.io.engine.transport.name));
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    }),
    WAIT_MS,
    "a client to connect",
  );
  return { socket, firstTransport };
}

async function teardown(): Promise<void> {
  for (const socket of clients.splice(0)) socket.close();
  await cluster?.stop();
  await redis?.stop();
}

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startCluster({ redisUrl: redis.url, workers: WORKERS });
});

afterAll(teardown);

describe("the example cluster", () => {
  // Filled by the first test, used by the second.
  const byWorker = new Map<number, Socket>();

  it("starts the workers and spreads clients over them, over polling then WebSocket", async () => {
    expect(cluster!.workerPids).toHaveLength(WORKERS);
    const firstTransports = new Set<string>();
    for (let i = 0; i < MAX_CLIENTS && byWorker.size < WORKERS; i++) {
      const { socket, firstTransport } = await connectClient(cluster!.url);
      firstTransports.add(firstTransport);
      const pid = await within<number>(socket.emitWithAck("whoami"), WAIT_MS, "the whoami ack");
      expect(cluster!.workerPids).toContain(pid);
      if (!byWorker.has(pid)) byWorker.set(pid, socket);
    }
    expect(byWorker.size).toBe(WORKERS);
    expect([...firstTransports]).toEqual(["polling"]);

    // The upgrade request carries the sid: it only succeeds on the worker that owns the session.
    const upgraded = (socket: Socket) => socket.io.engine.transport.name === "websocket";
    for (let tries = 0; tries < 50 && ![...byWorker.values()].every(upgraded); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...byWorker.values()].map((socket) => socket.io.engine.transport.name)).toEqual(["websocket", "websocket"]);
    expect([...byWorker.values()].every((socket) => socket.connected)).toBe(true);
  });

  it("delivers a chat message sent on one worker to a client on the other", async () => {
    const [[senderPid, sender], [receiverPid, receiver]] = [...byWorker.entries()] as [
      [number, Socket],
      [number, Socket],
    ];
    expect(senderPid).not.toBe(receiverPid);
    const text = `hello from a client of ${senderPid}`;
    const received = within<{ from: number; text: string }>(
      new Promise((resolve) => receiver.once("chat", resolve)),
      WAIT_MS,
      "the chat message on the other worker",
    );
    const echoed = within<{ from: number; text: string }>(
      new Promise((resolve) => sender.once("chat", resolve)),
      WAIT_MS,
      "the chat message back at the sender",
    );

    const ack = await within<number>(sender.emitWithAck("chat", text), WAIT_MS, "the chat ack");

    expect(ack).toBe(senderPid);
    expect(await received).toEqual({ from: senderPid, text });
    expect(await echoed).toEqual({ from: senderPid, text });
  });

  it("stops every process it started (cluster process group and redis-server)", async () => {
    const started = [cluster!.process.pid!, ...cluster!.workerPids, redis!.process.pid!];
    await teardown();
    // Workers run src/worker.js by absolute path, the primary src/primary.js by relative path;
    // redis-server titles itself with its address. Only our own pids count (a demo may be running).
    const patterns = [`${EXAMPLE_DIR}src/`, "src/primary.js", `redis-server 127.0.0.1:${redis!.port}`];
    const running = (await Promise.all(patterns.map(pgrep))).flat();
    expect(started).toHaveLength(WORKERS + 2);
    expect(running.filter((pid) => started.includes(pid))).toEqual([]);
  });
});
