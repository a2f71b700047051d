// Echo with acks over HTTP long-polling: 100 clients, 10 acked emits in flight each (packets queued
// while a POST is out go together in the next POST, as a real client does). The plain column is a
// bare node:http handler (plain-polling.ts): what node:http itself costs for the same exchanges.
import type { Scenario } from "./scenario.js";
import { ackLoopFigures, runAckLoop, textEcho } from "../ack-loop.js";
import { connectPollingMany, createPollingAgent, type LeanPollingSession } from "../polling-client.js";
import { sleep } from "../timeout.js";

/** The first 1.5–2 s of 100 polling sessions are a ramp (round trips of 0.5 s and more): keep them out. */
const MIN_WARMUP_MS = 2000;

export const pollingEcho: Scenario = {
  name: "polling-echo",
  title: "long-polling echo with acks",
  serverFlags: [],
  descriptors: (config) => 2 * config.pollingEcho.clients, // one GET and one POST connection each
  figures: [
    { key: "perCpu", label: "acked msg/s per server CPU-s", better: "higher", goal: 1.5, digits: 0 },
    { key: "rate", label: "acked msg/s", better: "higher", digits: 0 },
    { key: "rttP50", label: "round trip p50 (ms)", better: "lower", digits: 2 },
    { key: "rttP99", label: "round trip p99 (ms)", better: "lower", digits: 2 },
  ],
  async run(server, config) {
    const agent = createPollingAgent();
    let sessions: LeanPollingSession[] = [];
    try {
      sessions = await connectPollingMany(server.port, config.pollingEcho.clients, 20, agent);
      const warmed = { ...config, warmupMs: Math.max(config.warmupMs, MIN_WARMUP_MS) };
      const result = await runAckLoop<LeanPollingSession>(
        server,
        sessions,
        config.pollingEcho.inFlight,
        warmed,
        textEcho,
      );
      return ackLoopFigures(result);
    } finally {
      for (const session of sessions) session.close();
      await sleep(50);
      agent.destroy();
    }
  },
};
