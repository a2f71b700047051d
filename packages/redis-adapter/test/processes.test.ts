// Nodes as separate OS processes (child_process.fork), clients connected to each.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAdapter, type RedisAdapter } from "../src/index.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";
import { connect, nextEvent, startNode, until, type TestNode } from "./helpers/cluster.js";

const script = fileURLToPath(new URL("./fixtures/node-process.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface ChildNode {
  child: ChildProcess;
  port: number;
  pid: number;
}

let redis: RedisServer;
const children: ChildNode[] = [];
const clients: ClientSocket[] = [];
let local: TestNode;
let localClients: Redis[] = [];

function startChild(): Promise<ChildNode> {
  const child = fork(script, [], {
    cwd: packageDir,
    execArgv: ["--conditions=socketry-source", "--import", "tsx"],
    env: { ...process.env, REDIS_PORT: String(redis.port) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("child node did not start")), 15_000);
    child.once("message", (message: { port: number; pid: number }) => {
      clearTimeout(timer);
      resolve({ child, port: message.port, pid: message.pid });
    });
    child.once("exit", (code) => reject(new Error(`child node exited with ${code}`)));
  });
}

function stopChild(node: ChildNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => node.child.kill("SIGKILL"), 3000);
    node.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    node.child.send("close");
  });
}

beforeAll(async () => {
  redis = await startRedis();
  children.push(...(await Promise.all([startChild(), startChild()])));
  for (const node of children) clients.push(await connect(node.port));
  const pub = new Redis(redis.port, "127.0.0.1");
  const sub = pub.duplicate();
  localClients = [pub, sub];
  local = await startNode(
    createAdapter(pub, sub, { heartbeatInterval: 100, heartbeatTimeout: 500, requestsTimeout: 3000 }),
  );
  await until(
    async () => (await (local.io.of("/").adapter as unknown as RedisAdapter).serverCount()) === 3,
    10_000,
    "3 nodes",
  );
}, 40_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(children.map(stopChild));
  await local?.close();
  for (const client of localClients) client.disconnect();
  await redis?.stop();
});

describe("nodes in separate processes", () => {
  it("a message from a client on one process reaches a client on the other", async () => {
    const received = nextEvent(clients[1]!, "chat");
    clients[0]!.emit("chat", "hello across processes");
    expect(await received).toEqual(["hello across processes", children[0]!.pid]);
  });

  it("fetchSockets and serverSideEmit reach both processes", async () => {
    const sockets = await local.io.fetchSockets();
    expect(sockets.map((socket) => (socket.data as { pid: number }).pid).sort()).toEqual(
      children.map((c) => c.pid).sort(),
    );
    const pids = await local.io.serverSideEmitWithAck("whoami");
    expect([...pids].sort()).toEqual(children.map((c) => c.pid).sort());
  });

  it("a process killed while a request waits: the request stops waiting for it", async () => {
    const [survivor, victim] = children as [ChildNode, ChildNode];
    // Both children answer "slow-whoami" after a second; the victim is killed before it can.
    const pending = new Promise<[Error | null, unknown[]]>((resolve) =>
      local.io.serverSideEmit("slow-whoami", (err: Error | null, responses: unknown[]) => resolve([err, responses])),
    );
    victim.child.kill("SIGKILL");
    const [err, responses] = await pending;
    // No timeout error: the victim's heartbeat stopped, so the survivor's answer completes it.
    expect(err).toBeNull();
    expect(responses).toEqual([survivor.pid]);
    await until(
      async () => (await (local.io.of("/").adapter as unknown as RedisAdapter).serverCount()) === 2,
      5000,
      "2 nodes after the kill",
    );
    const sockets = await local.io.fetchSockets();
    expect(sockets.map((socket) => socket.id)).toEqual([clients[0]!.id]);
  });
});
