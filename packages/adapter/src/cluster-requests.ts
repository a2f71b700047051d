// Requests a cluster adapter sent to the other members and the answers it is waiting for
// (fetchSockets, serverSideEmit with an ack). A request waits either for a number of answers (when
// only the server count is known) or for the answers of named members (when members are tracked by
// heartbeat; then a member that leaves is no longer waited for).
import { adapterClosed, requestTimeout, type AdapterError } from "./errors.js";
import type { ServerId } from "./cluster-messages.js";

export type Responders = number | Set<ServerId>;

export interface RequestSpec {
  /** Who must answer: a count, or the ids of the members. */
  readonly responders: Responders;
  readonly timeoutMs: number;
  /** Answers known before any member replies (fetchSockets: the local sockets). */
  readonly initial?: unknown[];
  /** Called once, with the answers gathered, and an error on timeout or close. */
  readonly settle: (error: AdapterError | null, responses: unknown[]) => void;
}

interface Pending {
  readonly spec: RequestSpec;
  readonly responses: unknown[];
  readonly expected: number;
  received: number;
  readonly waitingFor: Set<ServerId> | undefined;
  readonly timer: NodeJS.Timeout;
}

export function respondersCount(responders: Responders): number {
  return typeof responders === "number" ? responders : responders.size;
}

export class ClusterRequests {
  readonly #pending = new Map<string, Pending>();

  get size(): number {
    return this.#pending.size;
  }

  open(requestId: string, spec: RequestSpec): void {
    const waitingFor = typeof spec.responders === "number" ? undefined : new Set(spec.responders);
    const timer = setTimeout(() => this.#expire(requestId), spec.timeoutMs);
    // A member that never answers must not keep the process alive (close() settles it anyway).
    timer.unref();
    this.#pending.set(requestId, {
      spec,
      responses: spec.initial ?? [],
      expected: respondersCount(spec.responders),
      received: 0,
      waitingFor,
      timer,
    });
  }

  /** Records one member's answer (several items for fetchSockets); false if nobody waits for it. */
  answer(requestId: string, from: ServerId, items: unknown[]): boolean {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return false;
    // A member answers once; with tracked members, only those asked count.
    if (pending.waitingFor !== undefined && !pending.waitingFor.delete(from)) return false;
    pending.received++;
    for (const item of items) pending.responses.push(item);
    this.#settleIfComplete(requestId, pending);
    return true;
  }

  /** A member left the cluster: no request waits for it any longer. */
  forgetMember(uid: ServerId): void {
    for (const [requestId, pending] of this.#pending) {
      if (pending.waitingFor?.delete(uid)) this.#settleIfComplete(requestId, pending);
    }
  }

  /** Settles every pending request with an error (the adapter is closing). */
  closeAll(): void {
    for (const [requestId, pending] of this.#pending) this.#finish(requestId, pending, adapterClosed());
  }

  #settleIfComplete(requestId: string, pending: Pending): void {
    const done =
      pending.waitingFor !== undefined ? pending.waitingFor.size === 0 : pending.received >= pending.expected;
    if (done) this.#finish(requestId, pending, null);
  }

  #expire(requestId: string): void {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return;
    const message =
      pending.waitingFor !== undefined
        ? `timeout reached: missing ${pending.waitingFor.size} responses`
        : `timeout reached: only ${pending.received} responses received out of ${pending.expected}`;
    this.#finish(requestId, pending, requestTimeout(message));
  }

  #finish(requestId: string, pending: Pending, error: AdapterError | null): void {
    clearTimeout(pending.timer);
    this.#pending.delete(requestId);
    pending.spec.settle(error, pending.responses);
  }
}
