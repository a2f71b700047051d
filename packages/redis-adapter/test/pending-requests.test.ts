import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PendingRequests, type RequestSpec } from "../src/pending-requests.js";

function spec(overrides: Partial<RequestSpec> = {}) {
  const answers: unknown[] = [];
  const settled: boolean[] = [];
  const full: RequestSpec = {
    expected: 2,
    awaitedPeers: ["p1", "p2"],
    timeout: 1000,
    onAnswer: (answer) => {
      answers.push(answer.value);
      return true;
    },
    onSettled: (timedOut) => settled.push(timedOut),
    ...overrides,
  };
  return { full, answers, settled };
}

describe("PendingRequests", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("settles once every expected answer arrived", () => {
    const pending = new PendingRequests();
    const { full, answers, settled } = spec();
    pending.add("r1", full);
    pending.answer("r1", { value: 1, uid: "p1" });
    expect(settled).toEqual([]);
    pending.answer("r1", { value: 2, uid: "p2" });
    expect(settled).toEqual([false]);
    expect(answers).toEqual([1, 2]);
    expect(pending.size).toBe(0);
    pending.answer("r1", { value: 3 });
    expect(answers).toEqual([1, 2]);
  });

  it("settles at the timeout with the answers it has", () => {
    const pending = new PendingRequests();
    const { full, answers, settled } = spec();
    pending.add("r1", full);
    pending.answer("r1", { value: 1 });
    vi.advanceTimersByTime(999);
    expect(settled).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(settled).toEqual([true]);
    expect(answers).toEqual([1]);
  });

  it("ignores answers to unknown requests and non-string ids", () => {
    const pending = new PendingRequests();
    const { full, answers } = spec();
    pending.add("r1", full);
    pending.answer("other", { value: 1 });
    pending.answer(42, { value: 2 });
    expect(answers).toEqual([]);
  });

  it("stops waiting for a dead peer, unless it already answered", () => {
    const pending = new PendingRequests();
    const { full, settled } = spec({ expected: 3, awaitedPeers: ["p1", "p2"] });
    pending.add("r1", full);
    pending.answer("r1", { value: 1, uid: "p1" });
    pending.peerGone("p1"); // already answered: still waiting for two more
    expect(settled).toEqual([]);
    pending.answer("r1", { value: 2 }); // an official node (no uid)
    pending.peerGone("p2");
    expect(settled).toEqual([false]);
  });

  it("keeps a lingering request open for late answers until its timeout", () => {
    const pending = new PendingRequests();
    const { full, answers, settled } = spec({ expected: 1, lingers: true });
    pending.add("r1", full);
    pending.answer("r1", { value: 1 });
    expect(settled).toEqual([false]);
    pending.answer("r1", { value: 2 });
    expect(answers).toEqual([1, 2]);
    vi.advanceTimersByTime(1000);
    expect(pending.size).toBe(0);
    expect(settled).toEqual([false]);
  });

  it("settles at once when no answer is expected, and settleAll ends the rest", () => {
    const pending = new PendingRequests();
    const none = spec({ expected: 0 });
    pending.add("r0", none.full);
    expect(none.settled).toEqual([false]);
    const waiting = spec();
    pending.add("r1", waiting.full);
    pending.settleAll();
    expect(waiting.settled).toEqual([true]);
    expect(pending.size).toBe(0);
  });
});
