// Echo with acks over WebSocket: 100 clients, 10 acked emits in flight each.
import type { Scenario } from "./scenario.js";
import { ackLoopFigures, runAckLoop } from "../ack-loop.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";

const PAYLOAD = JSON.stringify({ text: "hello from the load generator", n: 42 });

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
      const result = await runAckLoop<LeanWsSession>(server, sessions, config.echo.inFlight, config, {
        send: (session) => session.emitWithAck("echo", PAYLOAD),
        listen: (session, onAck) => {
          session.onAck = onAck;
        },
      });
      return ackLoopFigures(result);
    } finally {
      closeAll(sessions);
    }
  },
};
