// Broadcast throughput across two nodes through Redis: node A emits, node B delivers to its
// clients. socketry (socketry + @socketry/redis-adapter) vs official (socket.io +
// @socket.io/redis-adapter), each in its own child process, two rounds in opposite order, on one
// redis-server started here (needs /usr/bin/redis-server). Both use node-redis clients; the
// receivers are raw WebSocket clients that count EVENT frames.
// Usage: node --conditions=socketry-source --import tsx tools/bench/src/redis-broadcast.ts [messages] [clients]
// The Redis packages are devDependencies of packages/redis-adapter, resolved from there.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";

type Kind = "socketry" | "official";
// The parent gets [messages] [clients]; a child gets <kind> [messages] [clients].
const isChild = process.argv[2] === "socketry" || process.argv[2] === "official";
const args = process.argv.slice(isChild ? 3 : 2);
const messages = clamp(Number(args[0] ?? 5000), 100, 200_000);
const clientCount = clamp(Number(args[1] ?? 10), 1, 200);
const adapterPackage = fileURLToPath(new URL("../../../packages/redis-adapter/package.json", import.meta.url));
const fromAdapterPackage = createRequire(adapterPackage);

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Number.isFinite(value) ? Math.floor(value) : min, min), max);
}

async function load<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(fromAdapterPackage.resolve(name)).href)) as T;
}

/** One measurement in this process: messages delivered per second to node B's clients. */
async function measure(kind: Kind, redisPort: number): Promise<number> {
  // Typed loosely: these packages are not dependencies of the bench package (see the header).
  const { createClient } = await load<{ createClient(opts: { url: string }): any }>("redis");
  const { WebSocket } = await import("ws");
  const { Server } = kind === "socketry" ? await import("socketry") : await import("socket.io");
  const createAdapter =
    kind === "socketry"
      ? (await import("../../../packages/redis-adapter/src/index.js")).createAdapter
      : (await load<{ createAdapter(pub: unknown, sub: unknown): any }>("@socket.io/redis-adapter")).createAdapter;
  const cleanups: Array<() => unknown> = [];
  const startNode = async () => {
    const pub = createClient({ url: `redis://127.0.0.1:${redisPort}` });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    const http = createServer();
    const io = new (Server as any)(http, { adapter: createAdapter(pub, sub) });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => io.close(), () => pub.quit(), () => sub.quit());
    return { io, port: (http.address() as AddressInfo).port };
  };
  const a = await startNode();
  const b = await startNode();
  let received = 0;
  const expected = messages * clientCount;
  let done!: () => void;
  const allReceived = new Promise<void>((resolve) => (done = resolve));
  // Raw Engine.IO v4 WebSocket clients that only count EVENT frames: the clients' own decoding
  // would otherwise dominate the measurement and hide the servers' difference.
  for (let i = 0; i < clientCount; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/socket.io/?EIO=4&transport=websocket`);
    await new Promise<void>((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.startsWith("42")) {
          if (++received === expected) done();
        } else if (text.startsWith("0{")) ws.send("40");
        else if (text.startsWith("40")) resolve();
        else if (text === "2") ws.send("3");
      });
    });
    cleanups.push(() => ws.close());
  }
  // Let the subscriptions settle, then warm up with a few broadcasts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = process.hrtime.bigint();
  const payload = { text: "hello", n: 0 };
  for (let i = 0; i < messages; i++) {
    payload.n = i;
    a.io.emit("m", payload);
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  const timeout = setTimeout(() => done(), 60_000);
  await allReceived;
  clearTimeout(timeout);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const delivered = received;
  for (const cleanup of cleanups.reverse()) await cleanup();
  return delivered / seconds;
}

if (isChild) {
  process.send!(await measure(process.argv[2] as Kind, Number(process.env.REDIS_PORT)));
  process.exit(0);
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    redis.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve();
    });
    redis.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return redis;
}

const self = fileURLToPath(import.meta.url);
function child(which: Kind, redisPort: number): Promise<number> {
  const proc = fork(self, [which, String(messages), String(clientCount)], {
    execArgv: ["--conditions=socketry-source", "--import", "tsx"],
    env: { ...process.env, REDIS_PORT: String(redisPort) },
  });
  return new Promise((resolve, reject) => {
    proc.once("message", (rate) => resolve(rate as number));
    proc.once("exit", (code) => code !== 0 && reject(new Error(`${which} exited with ${code}`)));
  });
}

const redisPort = await freePort();
const redis = await startRedis(redisPort);
try {
  const results: Record<Kind, number[]> = { socketry: [], official: [] };
  for (const order of [["socketry", "official"], ["official", "socketry"]] as const) {
    for (const which of order) results[which].push(await child(which, redisPort));
  }
  const best = (list: number[]) => Math.max(...list);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(`redis broadcast, 2 nodes, ${messages} messages x ${clientCount} clients on the other node (deliveries/s, best of 2)`);
  console.log(`  socketry  ${fmt(best(results.socketry))}   (runs: ${results.socketry.map(fmt).join(", ")})`);
  console.log(`  official  ${fmt(best(results.official))}   (runs: ${results.official.map(fmt).join(", ")})`);
  console.log(`  ratio socketry/official: ${(best(results.socketry) / best(results.official)).toFixed(2)}`);
} finally {
  redis.kill("SIGKILL");
}
