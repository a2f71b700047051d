// A throwaway redis-server for the two-node scenario: loopback only, a free port, no persistence
// (`--save "" --appendonly no`). It runs under a tiny sh watchdog that kills it as soon as the
// watchdog's stdin closes, so it never outlives the bench even when the runner is killed.
// Spawned without taskset it inherits the runner's affinity: the load generator's core.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

export const REDIS_SERVER = "/usr/bin/redis-server";
/** Linux clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK` is 100 on every common kernel) */
const CLOCK_TICKS = 100;
// `$!` is the redis-server's pid: printed first (for its CPU time), killed when stdin reaches EOF.
const WATCHDOG = `"$0" "$@" & echo "redis-pid $!"; read -r _; kill "$!" 2>/dev/null; wait`;

export interface RedisServer {
  port: number;
  pid: number;
  /** user + system CPU seconds the redis-server has used so far (from /proc, 10 ms resolution) */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name "(…)": state is field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function exitOf(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await withTimeout(new Promise<void>((resolve) => child.once("exit", () => resolve())), ms, "redis-server exit");
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--protected-mode",
    "no",
  ];
  const child = spawn("sh", ["-c", WATCHDOG, REDIS_SERVER, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  let pid = 0;
  const stop = async (): Promise<void> => {
    child.stdin?.end();
    try {
      await exitOf(child, 5000);
    } catch {
      if (pid > 0) process.kill(pid, "SIGKILL");
      child.kill("SIGKILL");
      await exitOf(child, 5000).catch(() => undefined);
    }
  };
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        let output = "";
        // The listener stays for the server's life: it keeps the pipe drained (redis logs little).
        child.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          pid ||= Number(/redis-pid (\d+)/.exec(output)?.[1] ?? 0);
          if (pid > 0 && output.includes("Ready to accept connections")) resolve();
        });
        child.once("exit", (code) =>
          reject(new Error(`redis-server exited with code ${code} before it was ready: ${output.slice(-300)}`)),
        );
        child.once("error", reject);
      }),
      STEP_TIMEOUT_MS,
      "redis-server start",
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, pid, cpuSeconds: () => procCpuSeconds(pid), stop };
}

/** The installed redis-server's version ("7.0.15"), or undefined when it cannot be run. */
export function redisServerVersion(): string | undefined {
  try {
    const out = execFileSync(REDIS_SERVER, ["--version"], { encoding: "utf8", timeout: 5000 });
    return /\bv=(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** Why a scenario that needs Redis `minimum` ("7.0.0") cannot run here, or undefined when it can. */
export function missingRedis(minimum: string, what: string, version = redisServerVersion()): string | undefined {
  if (version === undefined) return `${REDIS_SERVER} not found or not runnable (apt-get install redis-server)`;
  const [have, need] = [version, minimum].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) {
    if (have![i]! !== need![i]!)
      return have![i]! > need![i]!
        ? undefined
        : `${what} needs redis-server ${minimum} or later, ${REDIS_SERVER} is ${version}`;
  }
  return undefined;
}
