// The closed loop of the broadcast scenarios: a driver session emits `fanout` with
// `{"s":<seq>,"t":<send time>}`, the server broadcasts it to the room as `tick`, and when every
// receiver has got broadcast `seq` the next one leaves, so `inFlight` broadcasts are outstanding at
// a time. Delivery delay = receipt time − the driver's send time (same clock, same process).
import { paceFigures, type WindowResult } from "./measure-window.js";
import type { LeanSession } from "./session.js";
import { percentile } from "./stats.js";
import { waitUntil } from "./timeout.js";

/** `42["tick",{"s":<seq>,"t":<ms>}]` → [seq, t] without JSON.parse */
export function readTick(packet: string): [number, number] {
  const s = packet.indexOf('"s":');
  const t = packet.indexOf('"t":');
  return [Number.parseInt(packet.slice(s + 4), 10), Number.parseFloat(packet.slice(t + 4))];
}

export class FanoutLoop {
  /** deliveries and their delays are recorded only while this is true (the measured window) */
  counting = false;
  delivered = 0;
  readonly delays: number[] = [];
  private readonly remaining = new Map<number, number>();
  private nextSeq = 0;
  private stopped = false;

  constructor(
    private readonly driver: LeanSession,
    private readonly receivers: readonly LeanSession[],
    inFlight: number,
  ) {
    const onTick = (packet: string): void => this.receive(packet);
    for (const session of receivers) session.onEvent = onTick;
    for (let i = 0; i < inFlight; i++) this.send();
  }

  private send(): void {
    const seq = this.nextSeq++;
    this.remaining.set(seq, this.receivers.length);
    this.driver.emit("fanout", `{"s":${seq},"t":${performance.now()}}`);
  }

  private receive(packet: string): void {
    const now = performance.now();
    const [seq, sentAt] = readTick(packet);
    if (seq < 0) return; // a probe sent before the loop started (see redis-broadcast.ts)
    if (this.counting) {
      this.delivered++;
      this.delays.push(now - sentAt);
    }
    const left = (this.remaining.get(seq) ?? 1) - 1;
    if (left > 0) {
      this.remaining.set(seq, left);
      return;
    }
    this.remaining.delete(seq);
    if (!this.stopped) this.send();
  }

  /** The broadcast scenarios' figures over `window` (per CPU-second of every server in it). */
  figures(window: WindowResult) {
    return {
      perCpu: this.delivered / window.serverCpuSeconds,
      rate: this.delivered / window.seconds,
      delayP50: percentile(this.delays, 50),
      delayP99: percentile(this.delays, 99),
      ...paceFigures(window),
    };
  }

  /** Sends no more broadcasts; waits (at most `ms`) for the outstanding ones to arrive. */
  async stop(ms = 5000): Promise<void> {
    this.stopped = true;
    await waitUntil(() => this.remaining.size === 0, ms, "last broadcast delivery").catch(() => undefined);
  }
}
