// Two nodes through Redis: a fresh redis-server per run (redis-server.ts) and two server processes
// of the implementation under test, each with its Redis adapter (--redis=<port>, cluster-adapter.ts).
// Every receiving client is on node B, in the room; the driver alone is on node A, and node A has no
// socket in the room. So each `fanout` makes node A's `io.to(room).emit` go entirely through Redis
// (node A encodes and publishes, node B receives, decodes and writes to its 500 clients): the
// figure measures the cross-node path only, not a local fan-out that would dilute it.
// Both nodes share the server core (core 0); the redis-server runs on the generator's core (it
// inherits the runner's affinity). The figure is deliveries per CPU-second of both nodes summed;
// the redis-server's CPU (from /proc) is reported next to it. Not applicable to socket.io 3 and
// plain ws: the bench wires Redis adapters for socketry and socket.io 4 only.
// Three rows, one per adapter kind (cluster-adapter.ts): classic Pub/Sub, sharded Pub/Sub
// (SPUBLISH, Redis 7), and Redis Streams (XADD / blocking XREAD), each against its official
// counterpart in the same run.
import type { RedisAdapterKind } from "../cluster-adapter.js";
import type { MultiServerScenario } from "./scenario.js";
import { FanoutLoop, readTick } from "../fanout-loop.js";
import { openWindow } from "../measure-window.js";
import { missingRedis, startRedisServer } from "../redis-server.js";
import type { ServerProcess } from "../server-process.js";
import { closeAll, connectMany, connectWs, type LeanWsSession } from "../ws-client.js";
import { sleep } from "../timeout.js";

/** How long node B may take to receive a first broadcast through Redis (subscriptions settling). */
const PROBE_TIMEOUT_MS = 10_000;
const PROBE_INTERVAL_MS = 50;

/**
 * Emits probe broadcasts (seq −1, ignored by the loop) until one reaches node B: a broadcast
 * published before node B's subscription is active would be lost and stall the closed loop.
 */
async function awaitCrossNodePath(driver: LeanWsSession, receivers: readonly LeanWsSession[]): Promise<void> {
  let arrived = false;
  for (const session of receivers) session.onEvent = (packet) => void (arrived ||= readTick(packet)[0] < 0);
  const deadline = Date.now() + PROBE_TIMEOUT_MS;
  while (!arrived) {
    if (Date.now() > deadline)
      throw new Error(`no broadcast reached node B through Redis within ${PROBE_TIMEOUT_MS} ms`);
    driver.emit("fanout", '{"s":-1,"t":0}');
    await sleep(PROBE_INTERVAL_MS);
  }
  await sleep(2 * PROBE_INTERVAL_MS); // let the last probes drain
}

/** The redis-server each kind needs: sharded Pub/Sub came with Redis 7.0, GETDEL (streams sessions) with 6.2. */
const MIN_REDIS: Record<RedisAdapterKind, string> = { classic: "5.0.0", sharded: "7.0.0", streams: "6.2.0" };

/** The two-node scenario over one kind of Redis adapter; `goal` is the ratio asked of its main figure. */
function twoNodeBroadcast(
  kind: RedisAdapterKind,
  name: string,
  title: string,
  goal: number | undefined,
): MultiServerScenario {
  return {
    name,
    title,
    unavailable: () => missingRedis(MIN_REDIS[kind], `the ${kind} adapter`),
    notApplicable: {
      "socket.io-v3": "the bench wires Redis adapters for socketry and socket.io 4 only",
      ws: "no adapter: plain ws is not a Socket.IO server",
    },
    descriptors: (config) => config.redisBroadcast.clients + 1,
    figures: [
      { key: "perCpu", label: "deliveries/s per server CPU-s (both nodes)", better: "higher", goal, digits: 0 },
      { key: "rate", label: "deliveries/s", better: "higher", digits: 0 },
      { key: "delayP50", label: "delivery delay p50 (ms)", better: "lower", digits: 2 },
      { key: "delayP99", label: "delivery delay p99 (ms)", better: "lower", digits: 2 },
      {
        key: "perCpuWithRedis",
        label: "deliveries/s per CPU-s, both nodes + redis-server",
        better: "higher",
        digits: 0,
      },
      { key: "nodeACores", label: "node A CPU used (cores)", better: "lower", digits: 2, context: true },
      { key: "nodeBCores", label: "node B CPU used (cores)", better: "lower", digits: 2, context: true },
      { key: "redisCores", label: "redis-server CPU used (cores)", better: "lower", digits: 2, context: true },
    ],
    async runNodes(start, config) {
      const { clients, inFlight } = config.redisBroadcast;
      const redis = await startRedisServer();
      const nodes: ServerProcess[] = [];
      let receivers: LeanWsSession[] = [];
      let driver: LeanWsSession | undefined;
      try {
        // One after the other: two startups at once would fight over the server core.
        const redisFlags = [`--redis=${redis.port}`, `--redis-adapter=${kind}`];
        const nodeA = await start(redisFlags, "nodeA");
        nodes.push(nodeA);
        const nodeB = await start([...redisFlags, "--join-room"], "nodeB");
        nodes.push(nodeB);
        receivers = await connectMany(nodeB.port, clients, 50);
        driver = await connectWs(nodeA.port);
        await awaitCrossNodePath(driver, receivers);

        const loop = new FanoutLoop(driver, receivers, inFlight);
        await sleep(config.warmupMs);
        const closeWindow = await openWindow([nodeA, nodeB]);
        const redisBefore = redis.cpuSeconds();
        loop.counting = true;
        await sleep(config.windowMs);
        loop.counting = false;
        const redisSeconds = redis.cpuSeconds() - redisBefore;
        const window = await closeWindow();
        await loop.stop();
        const lost = [driver, ...receivers].filter((s) => s.closed).length;
        if (lost > 0) throw new Error(`${lost} sessions closed during the run`);
        if (loop.delivered === 0) throw new Error("no broadcast delivered in the measured window");
        const [nodeASeconds, nodeBSeconds] = window.serverCpuSecondsEach as [number, number];
        return {
          ...loop.figures(window),
          perCpuWithRedis: loop.delivered / (window.serverCpuSeconds + redisSeconds),
          nodeACores: nodeASeconds / window.seconds,
          nodeBCores: nodeBSeconds / window.seconds,
          redisCores: redisSeconds / window.seconds,
        };
      } finally {
        closeAll(receivers);
        driver?.close();
        // The nodes go before the redis-server, so their Redis clients never see it vanish.
        await Promise.all(nodes.map((node) => node.stop()));
        await redis.stop();
      }
    },
  };
}

export const redisBroadcast = twoNodeBroadcast(
  "classic",
  "redis-broadcast",
  "two nodes through Redis, 500 clients on node B",
  1.5,
);
// Issues 15 and 16 ask for these figures beside the official adapters', without a goal of their own.
export const redisShardedBroadcast = twoNodeBroadcast(
  "sharded",
  "redis-sharded-broadcast",
  "two nodes through Redis, sharded Pub/Sub (SPUBLISH), 500 clients on node B",
  undefined,
);
export const redisStreamsBroadcast = twoNodeBroadcast(
  "streams",
  "redis-streams-broadcast",
  "two nodes through Redis Streams, 500 clients on node B",
  undefined,
);
