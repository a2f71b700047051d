// Scale: idle WebSocket clients on one server process, in two steps: 5,000 connect and are measured,
// then 10,000 more connect and all 15,000 are measured. At each step: heap and RSS growth per
// connection since before the first client (after forced GCs, as idle-memory), and the server's CPU
// over an idle window of one whole pingInterval (25 s by default), in which every session gets
// exactly one heartbeat whenever it connected (the generator counts the pings, shown as context), so
// the idle CPU is the heartbeats' cost and nothing else. Each step waits one unmeasured
// pingInterval before its window: every server's first round of heartbeats runs on code V8 has not
// optimised yet and cost about twice the next rounds (socketry 23 then 12 CPU-ms/s, plain ws 12 then 5 at
// 5,000 in a trial run). Every server runs without V8's memory reducer: 20 to 30 s after the heap
// last grew it runs a few incremental mark-compacts, once (`--trace-gc`: "Mark-Compact (reduce)",
// about 100 ms of socketry's main thread and 340 ms of socket.io's after the 10,000 connects), and
// whether that lands in a window or before it decided the idle-CPU ratio (socketry 1.62 and 2.09,
// plain ws 1.81, in two quick runs; 1.10 and 1.05 without it). Issue 18's goal for the
// row: 15,000 costs at most 3x what 5,000 cost, i.e. (cost at 15,000) / (3 × cost at 5,000) ≤ 1
// for heap, RSS and idle CPU; these are socketry's own ratios, and every server's column shows its own.
// Descriptors: the generator holds 15,000 sockets and the server child as many; Node raises its soft
// `ulimit -n` to the hard limit at startup and the server child inherits it, which the run checks.
import { CONFIGS, type BenchConfig } from "../config.js";
import { openWindow } from "../measure-window.js";
import type { MemorySample, ServerProcess } from "../server-process.js";
import { openFilesLimit } from "../system.js";
import { sleep } from "../timeout.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";
import type { FigureSpec, Scenario } from "./scenario.js";

const WARMUP_CONNECTIONS = 50;
/** the step counts in the labels (the same in both modes) */
const { first: FIRST, clients: CLIENTS } = CONFIGS.full.scale;
const SMALL = FIRST.toLocaleString("en-US");
const LARGE = CLIENTS.toLocaleString("en-US");
const TIMES = CLIENTS / FIRST;
/** descriptors the server needs beyond its clients (stdio, IPC, listening socket, node internals) */
const SERVER_DESCRIPTOR_MARGIN = 100;
/** after the last handshakes and the forced GCs (their concurrent sweeping), before an idle window */
const SETTLE_MS = 1000;

interface Step {
  heap: number;
  rss: number;
  /** server CPU-ms per second of the idle window */
  idleCpu: number;
  /** pings the generator received per connection in the idle window */
  pings: number;
  /** the server's GC pauses, ms per second of the idle window */
  gc: number;
}

const totalPings = (sessions: readonly LeanWsSession[]): number => sessions.reduce((sum, s) => sum + s.pings, 0);

/**
 * Memory per connection since `base`, then one unmeasured pingInterval (see the top of the file),
 * then the idle window with `sessions` connected.
 */
async function measureStep(
  server: ServerProcess,
  sessions: readonly LeanWsSession[],
  base: MemorySample,
  idleWindowMs: number,
): Promise<Step> {
  const count = sessions.length;
  await sleep(500);
  const after = await server.memory();
  if (after.clients - base.clients !== count)
    throw new Error(`server counts ${after.clients - base.clients} new clients, expected ${count}`);
  await sleep(SETTLE_MS);
  await sleep(idleWindowMs);
  const pingsBefore = totalPings(sessions);
  const gcBefore = (await server.cpu()).gcMs;
  const closeWindow = await openWindow(server);
  await sleep(idleWindowMs);
  const window = await closeWindow();
  const lost = sessions.filter((s) => s.closed).length;
  if (lost > 0) throw new Error(`${lost} of ${count} idle sessions closed during the idle window`);
  const { clients, gcMs } = await server.cpu();
  if (clients - base.clients !== count)
    throw new Error(`after the idle window the server counts ${clients - base.clients} clients, expected ${count}`);
  return {
    heap: (after.memory.heapUsed - base.memory.heapUsed) / count,
    rss: (after.memory.rss - base.memory.rss) / count,
    idleCpu: (window.serverCpuSeconds * 1000) / window.seconds,
    pings: (totalPings(sessions) - pingsBefore) / count,
    gc: (gcMs - gcBefore) / window.seconds,
  };
}

async function measureScale(server: ServerProcess, config: BenchConfig): Promise<Record<string, number>> {
  const { first, clients, inFlight, idleWindowMs } = config.scale;
  const serverFiles = openFilesLimit(server.pid);
  if (serverFiles !== undefined && serverFiles < clients + SERVER_DESCRIPTOR_MARGIN)
    throw new Error(
      `the server process may open ${serverFiles} files, it needs about ${clients + SERVER_DESCRIPTOR_MARGIN}`,
    );
  // Warm every code path (and lazily created module state) so it is not counted per connection.
  closeAll(await connectMany(server.port, WARMUP_CONNECTIONS, inFlight));
  await sleep(300);
  const base = await server.memory();
  const sessions: LeanWsSession[] = [];
  try {
    sessions.push(...(await connectMany(server.port, first, inFlight)));
    const small = await measureStep(server, sessions, base, idleWindowMs);
    sessions.push(...(await connectMany(server.port, clients - first, inFlight)));
    const large = await measureStep(server, sessions, base, idleWindowMs);
    // Cost at `clients` over (clients / first) times the cost at `first`: per connection for
    // memory, per idle second for CPU.
    const times = clients / first;
    return {
      heap: large.heap,
      rss: large.rss,
      idleCpu: large.idleCpu,
      heapFirst: small.heap,
      rssFirst: small.rss,
      idleCpuFirst: small.idleCpu,
      heapScale: large.heap / small.heap,
      rssScale: large.rss / small.rss,
      idleCpuScale: large.idleCpu / (times * small.idleCpu),
      pings: Math.min(small.pings, large.pings),
      gc: large.gc,
      gcFirst: small.gc,
    };
  } finally {
    closeAll(sessions);
  }
}

const own = (key: string, what: string): FigureSpec => ({
  key,
  label: `${what}: cost at ${LARGE} / (${TIMES} × cost at ${SMALL})`,
  better: "lower",
  selfGoal: 1,
  digits: 2,
});

export const scale: Scenario = {
  name: "scale",
  title: `scale, ${LARGE} idle ws clients (${SMALL} first, same server)`,
  serverFlags: ["--gc-stats"],
  // The memory reducer's one-off pass is not a heartbeat's cost (see the top of the file).
  serverNodeArgs: ["--no-memory-reducer"],
  // Issue 18 compares this row with socket.io 4.8 and plain ws; each run takes four pingIntervals.
  notApplicable: { "socket.io-v3": "issue 18 compares the scale row with socket.io 4.8 and plain ws only" },
  descriptors: (config) => config.scale.clients,
  // connects, forced GCs and four idle pingIntervals (a warm-up and a measured one per step)
  timeoutMs: (config) => 4 * config.scale.idleWindowMs + 120_000,
  figures: [
    { key: "heap", label: `heap bytes per connection at ${LARGE}`, better: "lower", digits: 0 },
    { key: "rss", label: `RSS bytes per connection at ${LARGE}`, better: "lower", digits: 0 },
    { key: "idleCpu", label: `idle CPU at ${LARGE} (server CPU-ms per s)`, better: "lower", digits: 2 },
    { key: "heapFirst", label: `heap bytes per connection at ${SMALL}`, better: "lower", digits: 0 },
    { key: "rssFirst", label: `RSS bytes per connection at ${SMALL}`, better: "lower", digits: 0 },
    { key: "idleCpuFirst", label: `idle CPU at ${SMALL} (server CPU-ms per s)`, better: "lower", digits: 2 },
    own("heapScale", "heap"),
    own("rssScale", "RSS"),
    own("idleCpuScale", "idle CPU"),
    // 1.00: each idle window saw exactly one heartbeat per session, as it should
    {
      key: "pings",
      label: "heartbeats per connection per idle window (the lower of the two)",
      better: "lower",
      digits: 2,
      context: true,
    },
    // GC pauses inside the idle windows (main thread only): part of the idle CPU above
    {
      key: "gcFirst",
      label: `GC pauses at ${SMALL} (ms per s of idle window)`,
      better: "lower",
      digits: 2,
      context: true,
    },
    { key: "gc", label: `GC pauses at ${LARGE} (ms per s of idle window)`, better: "lower", digits: 2, context: true },
  ],
  run: measureScale,
};
