// Starts a real redis-server on a free loopback port for a test file, and stops it afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Stops the server and starts a fresh one on the same port (connections drop meanwhile). */
  restart(downtimeMs?: number): Promise<void>;
  /** Kills the server (SIGKILL); `start()` brings a fresh one up on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function launch(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--loglevel",
      "notice",
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // A test process that ends without its afterAll (a timeout, a crash) leaves no server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start on ${port}: ${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    // The line "Ready to accept connections" needs the notice log level.
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
}

export function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => terminate(child),
    kill: () => terminate(child),
    async start() {
      child = await launch(port);
    },
    async restart(downtimeMs = 200) {
      await terminate(child);
      await new Promise((resolve) => setTimeout(resolve, downtimeMs));
      child = await launch(port);
    },
  };
}
