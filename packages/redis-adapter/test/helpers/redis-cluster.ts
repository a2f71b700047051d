// Starts a real 6-node Redis Cluster (3 masters, 3 replicas) on free loopback ports for a test
// file: redis-server in cluster mode, joined with `redis-cli --cluster create`. A node is failed
// after 2 s of silence (short for the failover tests, long enough for a loaded machine).
import { execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createServer } from "node:net";
import { launch, terminate } from "./redis-server.js";

const run = promisify(execFile);

export interface RedisCluster {
  ports: number[];
  /** `{ host, port }` of every node, for the client libraries' seed lists. */
  nodes: Array<{ host: string; port: number }>;
  /** The port of the master serving `key`'s hash slot right now. */
  masterOf(key: string): Promise<number>;
  /** The port of a live master that still has a live replica (so it can fail over). */
  masterWithReplica(exceptPort?: number): Promise<number>;
  /** Kills one node (SIGKILL), as a crash. */
  kill(port: number): Promise<void>;
  /** Resolves when every live node reports the cluster healthy and `port` is no longer a master. */
  failedOver(port: number, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 10_000 });
  return stdout;
}

async function healthy(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    const info = await cli(port, "cluster", "info").catch(() => "");
    if (!info.includes("cluster_state:ok")) return false;
  }
  return true;
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} not within ${ms} ms`);
}

function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 35000);
    if (taken.includes(port) || taken.includes(port + 10000)) continue;
    if ((await canListen(port)) && (await canListen(port + 10000))) return port;
  }
  throw new Error("no free port pair for a cluster node");
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "socketry-redis-cluster-"));
  const ports: number[] = [];
  const children = new Map<number, ChildProcess>();
  const args = (port: number) => [
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    `nodes-${port}.conf`,
    "--cluster-node-timeout",
    "2000",
    "--cluster-replica-validity-factor",
    "0",
    "--dir",
    dir,
  ];
  const stopAll = async () => {
    await Promise.all([...children.values()].map((child) => terminate(child)));
    children.clear();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freeClusterPort(ports);
      children.set(port, await launch(port, args(port)));
      ports.push(port);
    }
    await run(
      "redis-cli",
      ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "1", "--cluster-yes"],
      {
        timeout: 30_000,
      },
    );
    await waitFor(() => healthy(ports), 20_000, "cluster_state:ok");
  } catch (err) {
    await stopAll(); // no node left behind when the cluster cannot start
    throw err;
  }
  const live = () => ports.filter((port) => children.has(port));

  return {
    ports,
    nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    async masterOf(key) {
      const slot = Number((await cli(live()[0]!, "cluster", "keyslot", key)).trim());
      for (const line of (await cli(live()[0]!, "cluster", "nodes")).split("\n")) {
        const fields = line.split(" ");
        if (!fields[2]?.includes("master") || fields[2].includes("fail")) continue;
        const port = Number(fields[1]!.split(":")[1]!.split("@")[0]);
        for (const range of fields.slice(8)) {
          const [from, to = from] = range.split("-").map(Number);
          if (slot >= from! && slot <= to!) return port;
        }
      }
      throw new Error(`no master for slot ${slot}`);
    },
    async masterWithReplica(exceptPort) {
      const lines = (await cli(live()[0]!, "cluster", "nodes")).split("\n").map((line) => line.split(" "));
      const alive = (fields: string[]) => !fields[2]!.includes("fail") && fields[7] === "connected";
      for (const fields of lines) {
        if (fields.length < 8 || !fields[2]!.includes("master") || !alive(fields)) continue;
        const port = Number(fields[1]!.split(":")[1]!.split("@")[0]);
        if (port === exceptPort) continue;
        if (lines.some((other) => other.length >= 8 && other[3] === fields[0] && alive(other))) return port;
      }
      throw new Error("no master with a live replica");
    },
    async kill(port) {
      const child = children.get(port);
      children.delete(port);
      if (child) await terminate(child);
    },
    async failedOver(port, ms = 20_000) {
      await waitFor(
        async () => {
          if (!(await healthy(live()))) return false;
          const nodes = await cli(live()[0]!, "cluster", "nodes");
          return !nodes
            .split("\n")
            .some((line) => line.includes(`:${port}@`) && line.includes("master") && !line.includes("fail"));
        },
        ms,
        `failover of ${port}`,
      );
    },
    stop: stopAll,
  };
}
