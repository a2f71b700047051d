// What a session needs from the server that owns it, as declared fields of one small object per
// server: the shared deadline queues its heartbeat and upgrade wait in, and the serialised tail of
// every open packet (the same for all sessions: the options are frozen).
import { DeadlineQueue, type QueueEntry } from "./deadline-queue.js";
import type { ResolvedOptions } from "./options.js";

export type DeadlineKind = "heartbeat" | "upgrade";

export class SessionHost {
  /** `,"pingInterval":…,"pingTimeout":…,"maxPayload":…}` */
  readonly openTail: string;
  // Keyed by kind, then by the duration as a number: no key string built per heartbeat.
  readonly #heartbeat = new Map<number, DeadlineQueue<never>>();
  readonly #upgrade = new Map<number, DeadlineQueue<never>>();

  constructor(opts: ResolvedOptions) {
    const { pingInterval, pingTimeout, maxHttpBufferSize: maxPayload } = opts;
    this.openTail = `,${JSON.stringify({ pingInterval, pingTimeout, maxPayload }).slice(1)}`;
  }

  /** The queue of `kind` entries waiting `ms` (pingInterval, pingTimeout, v3's sum, upgradeTimeout). */
  queue<E extends QueueEntry>(kind: DeadlineKind, ms: number, onExpire: (entry: E) => void): DeadlineQueue<E> {
    const queues = kind === "heartbeat" ? this.#heartbeat : this.#upgrade;
    let queue = queues.get(ms) as DeadlineQueue<E> | undefined;
    if (queue === undefined) {
      queue = new DeadlineQueue<E>(ms, onExpire);
      queues.set(ms, queue as unknown as DeadlineQueue<never>);
    }
    return queue;
  }
}
