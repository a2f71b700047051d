// Memory per idle Engine.IO session: the official engine.io 6.6.12 and socketry's engine, each in its
// own child process with the same options and handlers. The parent opens N WebSocket sessions
// (default 2000; SESSIONS=n or first argument), each server reports process.memoryUsage() after
// forced GCs before and after, and we print bytes per session (heap and RSS) and the ratio.
// Usage: pnpm --filter @socketry/bench run bench:engine-memory [sessions]
import { fork, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type WebSocket from "ws";
import { openSessions } from "./engine-memory/clients.js";

type Kind = "official" | "socketry";
interface Usage {
  usage: NodeJS.MemoryUsage;
  clientsCount: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const requested = Number(process.argv[2] ?? process.env.SESSIONS ?? 2000);
const sessions = Math.min(Math.max(Number.isFinite(requested) ? Math.floor(requested) : 2000, 1), 10_000);
const rounds = 2; // each engine measured twice, in alternating order

function start(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(here, "engine-memory", "server.ts"), [kind], {
    execArgv: ["--expose-gc", "--conditions=socketry-source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start`)), 30_000);
    child.once("message", (msg: { type: string; port: number }) => {
      clearTimeout(timer);
      resolve({ child, port: msg.port });
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function measure(child: ChildProcess): Promise<Usage> {
  return new Promise((resolve) => {
    child.once("message", (msg: Usage) => resolve(msg));
    child.send({ type: "measure" });
  });
}

async function run(kind: Kind): Promise<{ heap: number; rss: number; external: number }> {
  const { child, port } = await start(kind);
  let clients: WebSocket[] = [];
  try {
    // warm the code paths once so JIT/lazy module state is not counted as per-session memory
    const warm = await openSessions(port, 20);
    for (const ws of warm) ws.terminate();
    await new Promise((r) => setTimeout(r, 300));
    const before = await measure(child);
    clients = await openSessions(port, sessions);
    await new Promise((r) => setTimeout(r, 300));
    const after = await measure(child);
    if (after.clientsCount !== sessions)
      throw new Error(`${kind}: ${after.clientsCount} sessions open, expected ${sessions}`);
    return {
      heap: (after.usage.heapUsed - before.usage.heapUsed) / sessions,
      rss: (after.usage.rss - before.usage.rss) / sessions,
      external: (after.usage.external - before.usage.external) / sessions,
    };
  } finally {
    for (const ws of clients) ws.terminate();
    child.send({ type: "exit" });
    await new Promise((r) => {
      const timer = setTimeout(() => {
        child.kill();
        r(undefined);
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        r(undefined);
      });
    });
  }
}

const results: Record<Kind, Array<{ heap: number; rss: number; external: number }>> = { official: [], socketry: [] };
for (let round = 0; round < rounds; round++) {
  const order: Kind[] = round % 2 === 0 ? ["official", "socketry"] : ["socketry", "official"];
  for (const kind of order) {
    results[kind].push(await run(kind));
    process.stderr.write(".");
  }
}
process.stderr.write("\n");

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const row = (kind: Kind) => ({
  heap: mean(results[kind].map((r) => r.heap)),
  rss: mean(results[kind].map((r) => r.rss)),
  external: mean(results[kind].map((r) => r.external)),
});
const official = row("official");
const socketry = row("socketry");
console.log(`engine memory per idle WebSocket session (${sessions} sessions, mean of ${rounds} runs each, bytes)`);
console.log("| engine | heap/session | rss/session | external/session |");
console.log("|---|---:|---:|---:|");
console.log(`| engine.io 6.6.12 | ${fmt(official.heap)} | ${fmt(official.rss)} | ${fmt(official.external)} |`);
console.log(`| socketry | ${fmt(socketry.heap)} | ${fmt(socketry.rss)} | ${fmt(socketry.external)} |`);
console.log(
  `| ratio socketry/official | ${(socketry.heap / official.heap).toFixed(2)} | ${(socketry.rss / official.rss).toFixed(2)} | |`,
);
