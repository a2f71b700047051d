// Broadcast fan-out: 1,000 WebSocket clients in one room; one of them emits `fanout` and the server
// does `io.to(room).emit("tick", data)`. `inFlight` broadcasts are outstanding at a time; the next
// goes out when every client has received one (fanout-loop.ts). Delivery delay = receipt time − the
// time the generator sent the `fanout` (same clock), so it includes the trip to the server.
import type { Scenario } from "./scenario.js";
import { FanoutLoop } from "../fanout-loop.js";
import { openWindow } from "../measure-window.js";
import { closeAll, connectMany } from "../ws-client.js";
import { sleep } from "../timeout.js";

export const broadcast: Scenario = {
  name: "broadcast",
  title: "broadcast fan-out, 1,000 clients in a room",
  serverFlags: ["--join-room"],
  descriptors: (config) => config.broadcast.clients,
  figures: [
    { key: "perCpu", label: "deliveries/s per server CPU-s", better: "higher", wsGoal: 0.95, digits: 0 },
    { key: "rate", label: "deliveries/s", better: "higher", digits: 0 },
    { key: "delayP50", label: "delivery delay p50 (ms)", better: "lower", wsGoal: 1.1, digits: 2 },
    { key: "delayP99", label: "delivery delay p99 (ms)", better: "lower", digits: 2 },
  ],
  async run(server, config) {
    const { clients, inFlight } = config.broadcast;
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
