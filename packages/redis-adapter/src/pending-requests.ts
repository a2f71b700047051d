// Requests this node sent to the cluster and the answers it still waits for. A request settles
// when every awaited node answered, or at its timeout with the answers it has. Socketry nodes put
// their uid in their answers, so a peer whose heartbeat stops is no longer waited for.

export interface RequestSpec {
  /** Number of nodes expected to answer. */
  expected: number;
  /** Socketry peers (by uid) that were alive when the request was sent. */
  awaitedPeers: readonly string[];
  timeout: number;
  /** Takes one answer; returns true when it is a node's answer that counts toward `expected`. */
  onAnswer(answer: Record<string, unknown>): boolean;
  /** Every expected answer arrived (timedOut false), or the timeout came first (true). */
  onSettled(timedOut: boolean, received: number, expected: number): void;
  /** Keep taking answers after settling, until the timeout (acks of a broadcast). */
  lingers?: boolean;
}

interface Entry {
  spec: RequestSpec;
  expected: number;
  received: number;
  settled: boolean;
  responders: Set<string>;
  timer: NodeJS.Timeout;
}

export class PendingRequests {
  readonly #entries = new Map<string, Entry>();

  get size(): number {
    return this.#entries.size;
  }

  /** The requests still waiting (lingering: the broadcasts with acks, still taking acks). */
  snapshot(lingering: boolean): Map<string, RequestSpec> {
    const found = new Map<string, RequestSpec>();
    for (const [requestId, entry] of this.#entries)
      if ((entry.spec.lingers === true) === lingering) found.set(requestId, entry.spec);
    return found;
  }

  add(requestId: string, spec: RequestSpec): void {
    const entry: Entry = {
      spec,
      expected: spec.expected,
      received: 0,
      settled: false,
      responders: new Set(),
      timer: setTimeout(() => this.#timeout(requestId), spec.timeout),
    };
    this.#entries.set(requestId, entry);
    this.#settleIfComplete(requestId, entry);
  }

  /** Routes an answer to its request; answers to other nodes' requests are ignored. */
  answer(requestId: unknown, answer: Record<string, unknown>): void {
    if (typeof requestId !== "string") return;
    const entry = this.#entries.get(requestId);
    if (!entry) return;
    if (!entry.spec.onAnswer(answer)) return;
    entry.received++;
    if (typeof answer.uid === "string") entry.responders.add(answer.uid);
    this.#settleIfComplete(requestId, entry);
  }

  /** A socketry peer died: requests still waiting for it stop waiting. */
  peerGone(uid: string): void {
    for (const [requestId, entry] of this.#entries) {
      if (entry.settled || entry.responders.has(uid) || !entry.spec.awaitedPeers.includes(uid)) continue;
      entry.expected--;
      this.#settleIfComplete(requestId, entry);
    }
  }

  /** Settles every request with what it has (the adapter is closing). */
  settleAll(): void {
    for (const requestId of [...this.#entries.keys()]) this.#timeout(requestId);
  }

  #settleIfComplete(requestId: string, entry: Entry): void {
    if (entry.settled || entry.received < entry.expected) return;
    entry.settled = true;
    if (!entry.spec.lingers) {
      clearTimeout(entry.timer);
      this.#entries.delete(requestId);
    }
    entry.spec.onSettled(false, entry.received, entry.expected);
  }

  #timeout(requestId: string): void {
    const entry = this.#entries.get(requestId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#entries.delete(requestId);
    if (entry.settled) return;
    entry.settled = true;
    entry.spec.onSettled(true, entry.received, entry.expected);
  }
}
