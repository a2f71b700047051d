// Broadcast fan-out: 1,000 WebSocket clients in one room; one of them emits `fanout` and the server
// does `io.to(room).emit("tick", data)`. `inFlight` broadcasts are outstanding at a time; the next
// goes out when every client has received one. Delivery delay = receipt time − the time the
// generator sent the `fanout` (same clock), so it includes the trip to the server.
import type { Scenario } from "./scenario.js";
import { openWindow } from "../measure-window.js";
import { closeAll, connectMany, type LeanWsSession } from "../ws-client.js";
import { percentile } from "../stats.js";
import { sleep, waitUntil } from "../timeout.js";

/** `42["tick",{"s":<seq>,"t":<ms>}]` → [seq, t] without JSON.parse */
function readTick(packet: string): [number, number] {
  const s = packet.indexOf('"s":');
  const t = packet.indexOf('"t":');
  return [Number.parseInt(packet.slice(s + 4), 10), Number.parseFloat(packet.slice(t + 4))];
}

export const broadcast: Scenario = {
  name: "broadcast",
  title: "broadcast fan-out, 1,000 clients in a room",
  serverFlags: ["--join-room"],
  descriptors: (config) => config.broadcast.clients,
  figures: [
    { key: "perCpu", label: "deliveries/s per server CPU-s", better: "higher", goal: 2, digits: 0 },
    { key: "rate", label: "deliveries/s", better: "higher", digits: 0 },
    { key: "delayP50", label: "delivery delay p50 (ms)", better: "lower", goal: 0.3, digits: 2 },
    { key: "delayP99", label: "delivery delay p99 (ms)", better: "lower", digits: 2 },
  ],
  async run(server, config) {
    const { clients, inFlight } = config.broadcast;
    const sessions = await connectMany(server.port, clients, 50);
    try {
      const driver: LeanWsSession = sessions[0]!;
      const remaining = new Map<number, number>();
      const delays: number[] = [];
      let nextSeq = 0;
      let stopped = false;
      let counting = false;
      let delivered = 0;
      const send = (): void => {
        const seq = nextSeq++;
        remaining.set(seq, clients);
        driver.emit("fanout", `{"s":${seq},"t":${performance.now()}}`);
      };
      const onTick = (packet: string): void => {
        const now = performance.now();
        const [seq, sentAt] = readTick(packet);
        if (counting) {
          delivered++;
          delays.push(now - sentAt);
        }
        const left = (remaining.get(seq) ?? 1) - 1;
        if (left > 0) {
          remaining.set(seq, left);
          return;
        }
        remaining.delete(seq);
        if (!stopped) send();
      };
      for (const session of sessions) session.onEvent = onTick;
      for (let i = 0; i < inFlight; i++) send();

      await sleep(config.warmupMs);
      const closeWindow = await openWindow(server);
      counting = true;
      await sleep(config.windowMs);
      counting = false;
      const window = await closeWindow();
      stopped = true;
      await waitUntil(() => remaining.size === 0, 5000, "last broadcast delivery").catch(() => undefined);
      const lost = sessions.filter((s) => s.closed).length;
      if (lost > 0) throw new Error(`${lost} sessions closed during the run`);
      if (delivered === 0) throw new Error("no broadcast delivered in the measured window");
      return {
        perCpu: delivered / window.serverCpuSeconds,
        rate: delivered / window.seconds,
        delayP50: percentile(delays, 50),
        delayP99: percentile(delays, 99),
        serverCores: window.serverCores,
        kernelShare: window.kernelShare,
        generatorCores: window.generatorCores,
      };
    } finally {
      closeAll(sessions);
    }
  },
};
