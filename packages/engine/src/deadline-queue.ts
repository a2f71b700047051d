// One timer for many sessions. Every session waits the same duration (pingInterval, pingTimeout,
// connectTimeout…), so deadlines come in the order entries are added: a FIFO linked through the
// entries themselves is already sorted, adding and removing are O(1), and a single Node timer
// armed for the head replaces a Timeout object (and its argument array) per session.
import { callMethod } from "@socketry/shared";

export const QUEUE_NEXT = Symbol("socketry.queue.next");
export const QUEUE_PREV = Symbol("socketry.queue.prev");
export const QUEUE_DEADLINE = Symbol("socketry.queue.deadline");
export const QUEUE_OWNER = Symbol("socketry.queue.owner");
/** The queue's timer fired. */
const FIRE = Symbol("socketry.queue.fire");

/** The fields an object needs to wait in a DeadlineQueue (declare them in its class, all null/0). */
export interface QueueEntry {
  [QUEUE_NEXT]: QueueEntry | null;
  [QUEUE_PREV]: QueueEntry | null;
  /** whole milliseconds on the monotonic clock (a small integer: no boxed number per entry) */
  [QUEUE_DEADLINE]: number;
  /** the queue the entry waits in (compared by identity only) */
  [QUEUE_OWNER]: object | null;
}

/** Node timers fire on whole-millisecond loop time: a deadline this close counts as reached. */
const TOLERANCE_MS = 1;

export class DeadlineQueue<E extends QueueEntry> {
  readonly durationMs: number;
  /** How early an entry may expire, to share a wake-up with the entries due just before it. */
  readonly #earlyMs: number;
  readonly #onExpire: (entry: E) => void;
  #head: E | null = null;
  #tail: E | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** While expiring, adds do not arm the timer: the end of `[FIRE]` arms it for whatever is first. */
  #firing = false;

  /**
   * `earlyMs`: for waits whose end may come a little early (sending the next ping), each firing
   * also expires the entries due within that many ms. Deadlines are spread over time (sessions
   * connect whenever they do), so with exact expiry 15,000 idle sessions wake the process 600
   * times a second at the default pingInterval; 20 ms early, at most 50 times.
   */
  constructor(durationMs: number, onExpire: (entry: E) => void, earlyMs = 0) {
    this.durationMs = durationMs;
    this.#earlyMs = Math.max(TOLERANCE_MS, earlyMs);
    this.#onExpire = onExpire;
  }

  get isEmpty(): boolean {
    return this.#head === null;
  }

  /** (Re)starts `entry`'s wait: it expires `durationMs` from now, whatever queue it was in. */
  add(entry: E): void {
    if (entry[QUEUE_OWNER] !== null) (entry[QUEUE_OWNER] as unknown as DeadlineQueue<E>).remove(entry);
    entry[QUEUE_DEADLINE] = Math.ceil(performance.now()) + this.durationMs;
    entry[QUEUE_OWNER] = this;
    entry[QUEUE_PREV] = this.#tail;
    entry[QUEUE_NEXT] = null;
    if (this.#tail === null) this.#head = entry;
    else this.#tail[QUEUE_NEXT] = entry;
    this.#tail = entry;
    if (this.#timer === null && !this.#firing) this.#arm(this.durationMs);
  }

  /** Stops `entry`'s wait; nothing happens if it is not waiting here. */
  remove(entry: E): void {
    if (entry[QUEUE_OWNER] !== this) return;
    const prev = entry[QUEUE_PREV] as E | null;
    const next = entry[QUEUE_NEXT] as E | null;
    if (prev === null) this.#head = next;
    else prev[QUEUE_NEXT] = next;
    if (next === null) this.#tail = prev;
    else next[QUEUE_PREV] = prev;
    entry[QUEUE_NEXT] = null;
    entry[QUEUE_PREV] = null;
    entry[QUEUE_OWNER] = null;
    // An empty queue holds no timer (it would keep the process alive for nothing). A removed head
    // leaves the timer as it is: it fires early once and re-arms for the new head.
    if (this.#head === null && this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(callMethod, Math.max(delayMs, 1), this, FIRE);
  }

  /** @internal the timer fired: expire every entry whose deadline is reached. */
  [FIRE](): void {
    this.#timer = null;
    this.#firing = true;
    const limit = performance.now() + this.#earlyMs;
    // Entries re-added while expiring go behind `last` and wait for a later turn (a zero duration
    // would otherwise loop forever).
    const last = this.#tail;
    try {
      let entry = this.#head;
      while (entry !== null && entry[QUEUE_DEADLINE] <= limit) {
        this.remove(entry);
        this.#onExpire(entry);
        if (entry === last) break;
        entry = this.#head;
      }
    } finally {
      // Also when an expiry threw: the entries still waiting must not lose their timer.
      this.#firing = false;
      const head = this.#head;
      if (head !== null && this.#timer === null) this.#arm(head[QUEUE_DEADLINE] - performance.now());
    }
  }
}
