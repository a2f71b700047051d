// Connect storm: 2,000 WebSocket clients open a session and connect to "/" (250 handshakes in
// flight), timed from the first TCP connect to the last `40{"sid":…}`.
import type { Scenario } from "./scenario.js";
import { openWindow, paceFigures } from "../measure-window.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";
import { sleep } from "../timeout.js";

/**
 * Handshakes done and closed before measuring, so both servers are measured on optimised code:
 * with only 100, most of the window ran code V8 had not optimised yet and the ratio swung widely.
 */
const WARMUP_CONNECTIONS = 1000;
/** time for the server to drop the warm-up sessions before the window opens */
const DRAIN_MS = 1000;

export const connectStorm: Scenario = {
  name: "connect-storm",
  title: "connect storm, 2,000 ws clients",
  serverFlags: [],
  descriptors: (config) => config.connectStorm.clients + WARMUP_CONNECTIONS,
  figures: [
    { key: "rate", label: "connections/s", better: "higher", goal: 1.5, wsGoal: 0.95, digits: 0 },
    { key: "perCpu", label: "connections per server CPU-s", better: "higher", digits: 0 },
    // server below 1 and generator near 1: connections/s measured the generator, not the server
    { key: "serverCores", label: "server CPU used (cores)", better: "higher", digits: 2, context: true },
    { key: "generatorCores", label: "load generator CPU used (cores)", better: "lower", digits: 2, context: true },
  ],
  async run(server, config) {
    const { clients, inFlight } = config.connectStorm;
    closeAll(await connectMany(server.port, WARMUP_CONNECTIONS, inFlight));
    await sleep(DRAIN_MS);
    let sessions: LeanWsSession[] = [];
    try {
      const closeWindow = await openWindow(server);
      sessions = await connectMany(server.port, clients, inFlight);
      const window = await closeWindow();
      const { clients: counted } = await server.cpu();
      if (counted < clients) throw new Error(`server counts ${counted} clients, expected ${clients}`);
      return {
        rate: clients / window.seconds,
        perCpu: clients / window.serverCpuSeconds,
        ...paceFigures(window),
      };
    } finally {
      closeAll(sessions);
    }
  },
};
