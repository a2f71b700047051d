// Echo with acks over WebSocket: 100 clients, 10 acked emits in flight each.
import type { Scenario } from "./scenario.js";
import { ackLoopFigures, runAckLoop, textEcho } from "../ack-loop.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";

export const echo: Scenario = {
  name: "echo",
  title: "echo with acks (ws)",
  serverFlags: [],
  descriptors: (config) => config.echo.clients,
  figures: [
    { key: "perCpu", label: "acked msg/s per server CPU-s", better: "higher", goal: 1.5, digits: 0 },
    { key: "rate", label: "acked msg/s", better: "higher", digits: 0 },
    { key: "rttP50", label: "round trip p50 (ms)", better: "lower", digits: 2 },
    { key: "rttP99", label: "round trip p99 (ms)", better: "lower", goal: 0.7, digits: 2 },
  ],
  async run(server, config) {
    const sessions = await connectMany(server.port, config.echo.clients, 50);
    try {
      const result = await runAckLoop<LeanWsSession>(server, sessions, config.echo.inFlight, config, textEcho);
      return ackLoopFigures(result);
    } finally {
      closeAll(sessions);
    }
  },
};
