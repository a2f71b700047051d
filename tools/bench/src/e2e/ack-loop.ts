// Closed-loop request/ack load shared by the echo scenarios (ws text, ws binary, polling): each
// session keeps `inFlight` acked emits outstanding and sends the next one as soon as an ack comes
// back. Acks and round trips are counted only inside the measured window, between two server
// CPU samples, so the figure is "acked messages per server CPU-second".
import type { BenchConfig } from "./config.js";
import type { ServerProcess } from "./server-process.js";
import { openWindow, paceFigures, type WindowResult } from "./measure-window.js";
import type { LeanSession } from "./session.js";
import { percentile } from "./stats.js";
import { sleep, waitUntil } from "./timeout.js";

export interface AckLoopResult extends WindowResult {
  acked: number;
  rttP50: number;
  rttP99: number;
}

/**
 * The figures every echo scenario reports from one ack loop; `unitsPerAck` turns acks into the
 * scenario's unit (1 for messages, MiB per payload for the binary echo).
 */
export function ackLoopFigures(result: AckLoopResult, unitsPerAck = 1) {
  const units = result.acked * unitsPerAck;
  return {
    perCpu: units / result.serverCpuSeconds,
    rate: units / result.seconds,
    rttP50: result.rttP50,
    rttP99: result.rttP99,
    ...paceFigures(result),
  };
}

export interface AckTraffic<S extends LeanSession> {
  /** sends one acked emit, returns its ack id */
  send(session: S): number;
  /** routes the session's acks (text or binary) to `onAck` */
  listen(session: S, onAck: (id: number) => void): void;
}

/** The text echo of the ws and long-polling scenarios: `42<id>["echo",PAYLOAD]`, answered by `43<id>[…]`. */
const ECHO_PAYLOAD = JSON.stringify({ text: "hello from the load generator", n: 42 });
export const textEcho: AckTraffic<LeanSession> = {
  send: (session) => session.emitWithAck("echo", ECHO_PAYLOAD),
  listen: (session, onAck) => {
    session.onAck = onAck;
  },
};

export async function runAckLoop<S extends LeanSession>(
  server: ServerProcess,
  sessions: S[],
  inFlight: number,
  config: BenchConfig,
  traffic: AckTraffic<S>,
): Promise<AckLoopResult> {
  let stopped = false;
  let counting = false;
  let acked = 0;
  let outstanding = 0;
  const rtts: number[] = [];

  for (const session of sessions) {
    const sentAt = new Map<number, number>();
    const sendOne = (): void => {
      sentAt.set(traffic.send(session), performance.now());
      outstanding++;
    };
    traffic.listen(session, (id) => {
      const sent = sentAt.get(id);
      if (sent === undefined) return;
      sentAt.delete(id);
      outstanding--;
      if (counting) {
        acked++;
        rtts.push(performance.now() - sent);
      }
      if (!stopped) sendOne();
    });
    for (let i = 0; i < inFlight; i++) sendOne();
  }

  await sleep(config.warmupMs);
  const closeWindow = await openWindow(server);
  counting = true;
  await sleep(config.windowMs);
  counting = false;
  const window = await closeWindow();
  stopped = true;
  // Let the last acks land so no session is torn down mid-message (bounded).
  await waitUntil(() => outstanding === 0, 5000, "draining acks").catch(() => undefined);
  const lost = sessions.filter((s) => s.closed).length;
  if (lost > 0) throw new Error(`${lost} sessions closed during the run`);
  if (acked === 0) throw new Error("no ack arrived in the measured window");
  return {
    ...window,
    acked,
    rttP50: percentile(rtts, 50),
    rttP99: percentile(rtts, 99),
  };
}
