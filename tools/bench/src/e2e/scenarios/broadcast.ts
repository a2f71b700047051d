// Broadcast fan-out: 1,000 WebSocket clients in one room; one of them emits `fanout` and the server
// does `io.to(room).emit("tick", data)`. `inFlight` broadcasts are outstanding at a time; the next
// goes out when every client has received one (fanout-loop.ts). Delivery delay = receipt time − the
// time the generator sent the `fanout` (same clock), so it includes the trip to the server.
// Two rows: one broadcast in flight (every server pays one kernel write per recipient, so plain ws
// is the reference) and several in flight (a server may batch the writes of broadcasts that meet in
// one tick; the goal is against socket.io 4.8).
import { CONFIGS, type BenchConfig } from "../config.js";
import { FanoutLoop } from "../fanout-loop.js";
import { openWindow } from "../measure-window.js";
import { closeAll, connectMany } from "../ws-client.js";
import { sleep } from "../timeout.js";
import type { FigureSpec, Scenario } from "./scenario.js";

type FanoutSettings = BenchConfig["broadcast"];

/** One fan-out row: its clients and broadcasts in flight come from `settings(config)`. */
function fanoutScenario(
  name: string,
  title: string,
  settings: (config: BenchConfig) => FanoutSettings,
  figures: FigureSpec[],
): Scenario {
  return {
    name,
    title,
    serverFlags: ["--join-room"],
    descriptors: (config) => settings(config).clients,
    figures,
    async run(server, config) {
      const { clients, inFlight } = settings(config);
      const sessions = await connectMany(server.port, clients, 50);
      try {
        // One of the clients in the room is also the driver.
        const loop = new FanoutLoop(sessions[0]!, sessions, inFlight);
        await sleep(config.warmupMs);
        const closeWindow = await openWindow(server);
        loop.counting = true;
        await sleep(config.windowMs);
        loop.counting = false;
        const window = await closeWindow();
        await loop.stop();
        const lost = sessions.filter((s) => s.closed).length;
        if (lost > 0) throw new Error(`${lost} sessions closed during the run`);
        if (loop.delivered === 0) throw new Error("no broadcast delivered in the measured window");
        return loop.figures(window);
      } finally {
        closeAll(sessions);
      }
    },
  };
}

export const broadcast = fanoutScenario(
  "broadcast",
  "broadcast fan-out, 1,000 clients in a room",
  (config) => config.broadcast,
  [
    { key: "perCpu", label: "deliveries/s per server CPU-s", better: "higher", wsGoal: 0.95, digits: 0 },
    { key: "rate", label: "deliveries/s", better: "higher", digits: 0 },
    { key: "delayP50", label: "delivery delay p50 (ms)", better: "lower", wsGoal: 1.1, digits: 2 },
    { key: "delayP99", label: "delivery delay p99 (ms)", better: "lower", digits: 2 },
  ],
);

export const broadcastMany = fanoutScenario(
  "broadcast-many",
  `broadcast fan-out, 1,000 clients in a room, ${CONFIGS.full.broadcastMany.inFlight} broadcasts in flight`,
  (config) => config.broadcastMany,
  [
    { key: "perCpu", label: "deliveries/s per server CPU-s", better: "higher", goal: 2, digits: 0 },
    { key: "rate", label: "deliveries/s", better: "higher", digits: 0 },
    { key: "delayP50", label: "delivery delay p50 (ms)", better: "lower", digits: 2 },
    { key: "delayP99", label: "delivery delay p99 (ms)", better: "lower", digits: 2 },
    // below 1: the server waited (for the generator's reads or the loop), and per CPU-s flatters it
    { key: "serverCores", label: "server CPU used (cores)", better: "higher", digits: 2, context: true },
    { key: "generatorCores", label: "load generator CPU used (cores)", better: "lower", digits: 2, context: true },
  ],
);
