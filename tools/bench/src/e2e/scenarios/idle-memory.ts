// Idle memory: 5,000 WebSocket clients connected to "/" and doing nothing; heap and RSS growth of
// the server process per connection, each read after forced GCs. Three times: default options, with
// the handshake request released on both servers (the official docs' tip), and with
// `connectionStateRecovery: {}` (socketry and socket.io 4.8 only). `external` (ArrayBuffer
// memory) is kept in the JSON only: a few bytes per connection, below what the method resolves.
import type { BenchConfig } from "../config.js";
import type { ServerProcess } from "../server-process.js";
import type { FigureSpec, Scenario } from "./scenario.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";
import { sleep } from "../timeout.js";

const WARMUP_CONNECTIONS = 50;

async function measureIdle(server: ServerProcess, config: BenchConfig): Promise<Record<string, number>> {
  const { clients, inFlight } = config.idleMemory;
  // Warm every code path (and lazily created module state) so it is not counted per connection.
  closeAll(await connectMany(server.port, WARMUP_CONNECTIONS, inFlight));
  await sleep(300);
  const before = await server.memory();
  let sessions: LeanWsSession[] = [];
  try {
    sessions = await connectMany(server.port, clients, inFlight);
    await sleep(500);
    const after = await server.memory();
    if (after.clients - before.clients !== clients) {
      throw new Error(`server counts ${after.clients - before.clients} new clients, expected ${clients}`);
    }
    return {
      heap: (after.memory.heapUsed - before.memory.heapUsed) / clients,
      rss: (after.memory.rss - before.memory.rss) / clients,
      external: (after.memory.external - before.memory.external) / clients,
    };
  } finally {
    closeAll(sessions);
  }
}

const descriptors = (config: BenchConfig): number => config.idleMemory.clients + WARMUP_CONNECTIONS;

/** Goals as ratios to socket.io 4.8 (heap, RSS) and to plain ws (heap). */
interface MemoryGoals {
  heap?: number;
  heapToWs?: number;
  rss?: number;
}

const memoryFigures = (goals: MemoryGoals): FigureSpec[] => [
  {
    key: "heap",
    label: "heap bytes per connection",
    better: "lower",
    goal: goals.heap,
    wsGoal: goals.heapToWs,
    digits: 0,
  },
  { key: "rss", label: "RSS bytes per connection", better: "lower", goal: goals.rss, digits: 0 },
];

export const idleMemory: Scenario = {
  name: "idle-memory",
  title: "idle memory, 5,000 ws clients, default options",
  serverFlags: [],
  descriptors,
  figures: memoryFigures({ heap: 0.5, heapToWs: 1.3, rss: 0.6 }),
  run: measureIdle,
};

// Connection state recovery (issue 14) keeps a session-aware adapter and per-socket recovery state:
// its cost per idle connection, beside the row without it. No goal: the figure is for comparison.
export const idleMemoryRecovery: Scenario = {
  name: "idle-memory-recovery",
  title: "idle memory, 5,000 ws clients, connectionStateRecovery enabled",
  serverFlags: ["--recovery"],
  notApplicable: {
    "socket.io-v3": "connection state recovery came with socket.io 4.6",
    ws: "no connection state recovery in the plain-ws limit",
  },
  descriptors,
  figures: memoryFigures({}),
  run: measureIdle,
};

// Issue 18's goals replaced issue 6's, and they set none for this row (issue 6 asked heap <= 0.45x):
// shown beside the default row, for comparison.
export const idleMemoryReleased: Scenario = {
  name: "idle-memory-released",
  title: "idle memory, 5,000 ws clients, handshake request released",
  serverFlags: ["--release-request"],
  // socket.io 3 reads `raw.request` when each Socket.IO socket is created (its handshake headers),
  // so the v4 docs' tip breaks every connection there.
  notApplicable: { "socket.io-v3": "the tip is for v4: socket.io 3 reads the request when each socket connects" },
  descriptors,
  figures: memoryFigures({}),
  run: measureIdle,
};
