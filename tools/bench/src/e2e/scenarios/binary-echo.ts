// Binary echo over WebSocket: 64 KiB Buffers sent as a binary event with an ack, echoed back as a
// binary ack. Throughput counts each echoed payload once.
import type { Scenario } from "./scenario.js";
import { ackLoopFigures, runAckLoop } from "../ack-loop.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";

const MIB = 1024 * 1024;

export const binaryEcho: Scenario = {
  name: "binary-echo",
  title: "binary echo, 64 KiB Buffers (ws)",
  serverFlags: [],
  descriptors: (config) => config.binaryEcho.clients,
  figures: [
    { key: "perCpu", label: "MiB/s per server CPU-s", better: "higher", goal: 1.2, wsGoal: 0.9, digits: 1 },
    { key: "rate", label: "MiB/s", better: "higher", digits: 1 },
    { key: "rttP99", label: "round trip p99 (ms)", better: "lower", digits: 2 },
  ],
  async run(server, config) {
    const { clients, inFlight, bytes } = config.binaryEcho;
    const payload = Buffer.alloc(bytes, 0x5a);
    let wrongSize = 0;
    const sessions = await connectMany(server.port, clients, clients);
    try {
      const result = await runAckLoop<LeanWsSession>(server, sessions, inFlight, config, {
        send: (session) => session.emitBinaryWithAck("echo", payload),
        listen: (session, onAck) => {
          session.onBinaryAck = (id, attachment) => {
            if (attachment.length !== bytes) wrongSize++;
            onAck(id);
          };
        },
      });
      if (wrongSize > 0) throw new Error(`${wrongSize} echoed attachments had the wrong size`);
      return ackLoopFigures(result, bytes / MIB);
    } finally {
      closeAll(sessions);
    }
  },
};
