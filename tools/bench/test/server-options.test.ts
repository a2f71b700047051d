// The server children of the Redis rows and of the recovery row are wired as their rows say: each
// --redis-adapter kind carries a broadcast from node A to node B with the Redis commands of its
// kind (asked of the redis-server's own command statistics), for socketry and the official
// adapters alike, and --recovery turns connection state recovery on (broadcasts carry an offset);
// --gc-stats (the scale row) counts GC pauses, and a child may open as many files as the runner.
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisAdapterKind } from "../src/e2e/cluster-adapter.js";
import type { Implementation } from "../src/e2e/implementations.js";
import { startRedisServer, type RedisServer } from "../src/e2e/redis-server.js";
import { ServerProcess } from "../src/e2e/server-process.js";
import { descriptorLimit, openFilesLimit } from "../src/e2e/system.js";
import { sleep, withTimeout } from "../src/e2e/timeout.js";
import { connectWs, type LeanWsSession } from "../src/e2e/ws-client.js";

const WAIT_MS = 10_000;
const TEST_MS = 60_000;

/** The Redis command a broadcast of each kind must have used, and one it must not have. */
const COMMANDS: Record<RedisAdapterKind, { used: string; unused: string }> = {
  classic: { used: "publish", unused: "spublish" },
  sharded: { used: "spublish", unused: "publish" },
  streams: { used: "xadd", unused: "spublish" },
};

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Calls per command since the last reset, from `INFO commandstats` (`cmdstat_<name>:calls=N,…`). */
async function commandCalls(port: number, reset: boolean): Promise<Map<string, number>> {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  try {
    const info = await client.info("commandstats");
    if (reset) await client.configResetStat();
    return new Map([...info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
  } finally {
    await client.quit();
  }
}

/** Emits `fanout` from `driver` until a `tick` reaches `receiver` (subscriptions may still settle). */
async function firstTick(driver: LeanWsSession, receiver: LeanWsSession): Promise<string> {
  let received: string | undefined;
  receiver.onEvent = (packet) => void (received ??= packet);
  const deadline = Date.now() + WAIT_MS;
  while (received === undefined) {
    if (Date.now() > deadline) throw new Error(`no tick within ${WAIT_MS} ms`);
    driver.emit("fanout", '{"s":1,"t":2}');
    await sleep(50);
  }
  return received;
}

/** Runs `run` with a starter of server children (from the TypeScript sources), and stops them all after it. */
async function withServers<T>(
  implementation: Implementation,
  run: (start: (flags: string[]) => Promise<ServerProcess>) => Promise<T>,
): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    return await run(async (flags) => {
      const server = await ServerProcess.start({ implementation, flags, core: undefined, fromDist: false });
      servers.push(server);
      return server;
    });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

describe.each(["socketry", "socket.io"] as const)("%s server children", (implementation) => {
  it.each(["classic", "sharded", "streams"] as const)(
    "carry a broadcast from node A to node B through the %s adapter",
    async (kind) => {
      await commandCalls(redis.port, true);
      await withServers(implementation, async (start) => {
        const flags = [`--redis=${redis.port}`, `--redis-adapter=${kind}`];
        const nodeA = await start(flags);
        const nodeB = await start([...flags, "--join-room"]);
        const receiver = await connectWs(nodeB.port, undefined, WAIT_MS);
        const driver = await connectWs(nodeA.port, undefined, WAIT_MS);
        try {
          const tick = await withTimeout(firstTick(driver, receiver), WAIT_MS + 1000, "the first tick");
          expect(tick).toContain('"s":1');
        } finally {
          receiver.close();
          driver.close();
        }
      });
      const calls = await commandCalls(redis.port, false);
      expect(calls.get(COMMANDS[kind].used) ?? 0).toBeGreaterThan(0);
      expect(calls.get(COMMANDS[kind].unused) ?? 0).toBe(0);
    },
    TEST_MS,
  );

  it.each([
    { flags: [], offset: false },
    { flags: ["--recovery"], offset: true },
  ])(
    "add a recovery offset to broadcasts only with --recovery ($flags)",
    async ({ flags, offset }) => {
      await withServers(implementation, async (start) => {
        const server = await start([...flags, "--join-room"]);
        const receiver = await connectWs(server.port, undefined, WAIT_MS);
        try {
          const tick = await withTimeout(firstTick(receiver, receiver), WAIT_MS + 1000, "the tick");
          // 42["tick",{…}] without recovery; 42["tick",{…},"<offset>"] with it.
          const args = JSON.parse(tick.slice(tick.indexOf("["))) as unknown[];
          expect(args.slice(0, 2)).toEqual(["tick", { s: 1, t: 2 }]);
          expect(args.length).toBe(offset ? 3 : 2);
          if (offset) expect(typeof args[2]).toBe("string");
        } finally {
          receiver.close();
        }
      });
    },
    TEST_MS,
  );

  it(
    "report GC pauses only with --gc-stats, and open as many files as the runner (the scale row's 15,000)",
    async () => {
      await withServers(implementation, async (start) => {
        const plain = await start([]);
        const counted = await start(["--gc-stats"]);
        // memory() forces GCs in the child before it answers
        await Promise.all([plain.memory(), counted.memory()]);
        expect((await plain.cpu()).gcMs).toBe(0);
        expect((await counted.cpu()).gcMs).toBeGreaterThan(0);
        expect(openFilesLimit(counted.pid)).toBe(descriptorLimit());
      });
    },
    TEST_MS,
  );
});
