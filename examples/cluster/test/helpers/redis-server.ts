// A throwaway redis-server on a free loopback port, without persistence, for one test file.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, terminate, waitForOutput } from "./processes.js";

const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    // "Ready to accept connections" is printed at the notice log level.
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  try {
    await waitForOutput(child, "Ready to accept connections", START_TIMEOUT_MS);
  } catch (error) {
    await terminate(child, { graceMs: 2000 });
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, process: child, stop: () => terminate(child, { graceMs: 3000 }) };
}
