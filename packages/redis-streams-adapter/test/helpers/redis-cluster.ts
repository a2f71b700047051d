// A real 6-node Redis Cluster (3 masters, 3 replicas) on free loopback ports for one test file:
// redis-server in cluster mode, joined with `redis-cli --cluster create`.
import { execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, kill, launch } from "./redis-server.js";

const run = promisify(execFile);

export interface RedisCluster {
  readonly nodes: Array<{ host: string; port: number }>;
  /** The port of the master serving `key`'s slot. */
  masterOf(key: string): Promise<number>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 10_000 });
  return stdout;
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "socketry-streams-cluster-"));
  const ports: number[] = [];
  while (ports.length < 6) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const children: ChildProcess[] = await Promise.all(
    ports.map((port) =>
      launch(port, [
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        `nodes-${port}.conf`,
        "--cluster-node-timeout",
        "2000",
        "--dir",
        dir,
      ]),
    ),
  );
  await run(
    "redis-cli",
    ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "1", "--cluster-yes"],
    {
      timeout: 30_000,
    },
  );
  const deadline = Date.now() + 20_000;
  for (const port of ports) {
    while (!(await cli(port, "cluster", "info").catch(() => "")).includes("cluster_state:ok")) {
      if (Date.now() > deadline) throw new Error("the Redis Cluster did not become healthy");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    async masterOf(key) {
      const slot = Number((await cli(ports[0]!, "cluster", "keyslot", key)).trim());
      for (const line of (await cli(ports[0]!, "cluster", "nodes")).split("\n")) {
        const fields = line.split(" ");
        if (!fields[2]?.includes("master")) continue;
        for (const range of fields.slice(8)) {
          const [from, to = from] = range.split("-").map(Number);
          if (slot >= from! && slot <= to!) return Number(fields[1]!.split(":")[1]!.split("@")[0]);
        }
      }
      throw new Error(`no master for slot ${slot}`);
    },
    async stop() {
      await Promise.all(children.map((child) => kill(child)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
