// What a session needs from the server that owns it, as declared fields of one small object per
// server: the shared deadline queues its heartbeat and upgrade wait in, and the serialised tail of
// every open packet (the same for all sessions: the options are frozen).
import { DeadlineQueue, type QueueEntry } from "./deadline-queue.js";
import type { ResolvedOptions } from "./options.js";

/** "ping": the wait before the next ping, which may end early; "heartbeat": a timeout, exact. */
export type DeadlineKind = "ping" | "heartbeat" | "upgrade";

/** How early a ping may go out: a tenth of pingInterval, at most 20 ms (see DeadlineQueue). */
const MAX_PING_EARLY_MS = 20;

export class SessionHost {
  /** `,"pingInterval":…,"pingTimeout":…,"maxPayload":…}` */
  readonly openTail: string;
  // Keyed by kind, then by the duration as a number: no key string built per heartbeat.
  readonly #ping = new Map<number, DeadlineQueue<never>>();
  readonly #heartbeat = new Map<number, DeadlineQueue<never>>();
  readonly #upgrade = new Map<number, DeadlineQueue<never>>();

  constructor(opts: ResolvedOptions) {
    const { pingInterval, pingTimeout, maxHttpBufferSize: maxPayload } = opts;
    this.openTail = `,${JSON.stringify({ pingInterval, pingTimeout, maxPayload }).slice(1)}`;
  }

  /** The queue of `kind` entries waiting `ms` (pingInterval, pingTimeout, v3's sum, upgradeTimeout). */
  queue<E extends QueueEntry>(kind: DeadlineKind, ms: number, onExpire: (entry: E) => void): DeadlineQueue<E> {
    const queues = kind === "ping" ? this.#ping : kind === "heartbeat" ? this.#heartbeat : this.#upgrade;
    let queue = queues.get(ms) as DeadlineQueue<E> | undefined;
    if (queue === undefined) {
      const earlyMs = kind === "ping" ? Math.min(MAX_PING_EARLY_MS, Math.floor(ms / 10)) : 0;
      queue = new DeadlineQueue<E>(ms, onExpire, earlyMs);
      queues.set(ms, queue as unknown as DeadlineQueue<never>);
    }
    return queue;
  }
}
