// Memory per idle connection in the Socket.IO layer: @socketry/server vs the official socket.io
// server, each in its own child process, on the same in-process fake engine sessions (so the
// engine's own memory is left out). Each child connects N sessions to "/" and reports the heap
// used by the server's objects per connection, after forced GCs.
// Usage: pnpm --filter @socketry/bench run bench:server-memory [connections]
import { fork } from "node:child_process";
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";
import { FakeConn } from "./server-memory/fake-conn.js";

type Kind = "socketry" | "official";
const requested = Number(process.argv[3] ?? process.argv[2] ?? process.env.CONNECTIONS ?? 5000);
const count = Math.min(Math.max(Number.isFinite(requested) ? Math.floor(requested) : 5000, 1), 50_000);

async function settle(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc?.();
  }
  return process.memoryUsage().heapUsed;
}

async function measure(kind: Kind): Promise<number> {
  const { Server } = kind === "socketry" ? await import("@socketry/server") : await import("socket.io");
  const engine = Object.assign(new EventEmitter(), { close() {} });
  // biome-ignore lint/suspicious/noExplicitAny: socketry's and the official Server classes, constructed alike
  const io = new (Server as any)();
  io.bind(engine);
  let connected = 0;
  io.on("connection", () => connected++);
  // The fake sessions alone are the baseline: only what the server adds is counted.
  const conns = Array.from({ length: count }, () => new FakeConn());
  const before = await settle();
  for (const conn of conns) {
    engine.emit("connection", conn);
    conn.emit("data", "0");
  }
  while (connected < count) await new Promise((resolve) => setImmediate(resolve));
  const after = await settle();
  return (after - before) / count;
}

const kind = process.argv[2] as Kind | undefined;
if (kind === "socketry" || kind === "official") {
  process.send!(await measure(kind));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
async function child(which: Kind): Promise<number> {
  const proc = fork(self, [which, String(count)], {
    execArgv: ["--expose-gc", "--conditions=socketry-source", "--import", "tsx"],
  });
  return new Promise((resolve, reject) => {
    proc.once("message", (bytes) => resolve(bytes as number));
    proc.once("exit", (code) => code !== 0 && reject(new Error(`${which} exited with ${code}`)));
  });
}

const results: Record<Kind, number[]> = { socketry: [], official: [] };
for (const order of [
  ["socketry", "official"],
  ["official", "socketry"],
] as const) {
  for (const which of order) results[which].push(await child(which));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const s = mean(results.socketry);
const o = mean(results.official);
console.log(`| connections | socketry bytes/conn | official bytes/conn | ratio |`);
console.log(`|---:|---:|---:|---:|`);
console.log(`| ${count} | ${Math.round(s)} | ${Math.round(o)} | ${(s / o).toFixed(2)}x |`);
