import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  DeadlineQueue,
  QUEUE_DEADLINE,
  QUEUE_NEXT,
  QUEUE_OWNER,
  QUEUE_PREV,
  type QueueEntry,
} from "../src/deadline-queue.js";

class Entry implements QueueEntry {
  [QUEUE_NEXT]: QueueEntry | null = null;
  [QUEUE_PREV]: QueueEntry | null = null;
  [QUEUE_DEADLINE] = 0;
  [QUEUE_OWNER]: object | null = null;
  constructor(readonly name: string) {}
}

describe("DeadlineQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("entries expire in order, each after its own full duration, on one timer", () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<Entry>(100, (e) => expired.push(e.name));
    const [a, b, c] = [new Entry("a"), new Entry("b"), new Entry("c")];
    queue.add(a);
    vi.advanceTimersByTime(30);
    queue.add(b);
    queue.add(c);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(69);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(29);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a", "b", "c"]);
    expect(queue.isEmpty).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("with earlyMs, a firing also expires the entries due within that many ms: one wake-up for them", () => {
    const expired: Array<[string, number]> = [];
    const start = Date.now();
    const queue = new DeadlineQueue<Entry>(1000, (e) => expired.push([e.name, Date.now() - start]), 20);
    const [a, b, c, d] = [new Entry("a"), new Entry("b"), new Entry("c"), new Entry("d")];
    queue.add(a);
    vi.advanceTimersByTime(5);
    queue.add(b);
    vi.advanceTimersByTime(10);
    queue.add(c);
    vi.advanceTimersByTime(40);
    queue.add(d);
    vi.advanceTimersByTime(1000);
    // b (due at 1005) and c (1015) go with a at 1000; d (1055) is too far and waits for its own time.
    expect(expired).toEqual([
      ["a", 1000],
      ["b", 1000],
      ["c", 1000],
      ["d", 1055],
    ]);
  });

  test("without earlyMs (a timeout), no entry expires before its deadline", () => {
    const expired: Array<[string, number]> = [];
    const start = Date.now();
    const queue = new DeadlineQueue<Entry>(1000, (e) => expired.push([e.name, Date.now() - start]));
    const [a, b] = [new Entry("a"), new Entry("b")];
    queue.add(a);
    vi.advanceTimersByTime(5);
    queue.add(b);
    vi.advanceTimersByTime(2000);
    expect(expired).toEqual([
      ["a", 1000],
      ["b", 1005],
    ]);
  });

  test("an entry re-added while the queue expires others does not delay the entries behind it", () => {
    const expired: string[] = [];
    const a = new Entry("a");
    // Like a heartbeat whose ping phase and pong wait share one duration: expiring re-adds.
    const queue = new DeadlineQueue<Entry>(100, (e) => {
      expired.push(e.name);
      if (e === a && expired.length === 1) queue.add(a);
    });
    const b = new Entry("b");
    queue.add(a);
    vi.advanceTimersByTime(50);
    queue.add(b);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(["a", "b"]); // b's own deadline, not a full duration after a's expiry
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(["a", "b", "a"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("an expiry that throws does not stop the queue: the others still expire on time", () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<Entry>(100, (e) => {
      expired.push(e.name);
      if (e.name === "a") throw new Error("listener bug");
    });
    const [a, b] = [new Entry("a"), new Entry("b")];
    queue.add(a);
    vi.advanceTimersByTime(30);
    queue.add(b);
    expect(() => vi.advanceTimersByTime(70)).toThrow("listener bug");
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(30);
    expect(expired).toEqual(["a", "b"]);
  });

  test("removal from the head, middle and tail; an empty queue holds no timer", () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<Entry>(50, (e) => expired.push(e.name));
    const entries = ["a", "b", "c", "d"].map((n) => new Entry(n));
    for (const e of entries) queue.add(e);
    queue.remove(entries[0]!);
    queue.remove(entries[2]!);
    queue.remove(entries[3]!);
    queue.remove(entries[3]!); // twice: no effect
    expect(entries[0]![QUEUE_OWNER]).toBeNull();
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(["b"]);
    queue.add(entries[0]!);
    queue.remove(entries[0]!);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("re-adding restarts the wait; adding to another queue leaves the first", () => {
    const expired: string[] = [];
    const short = new DeadlineQueue<Entry>(20, (e) => expired.push(`short:${e.name}`));
    const long = new DeadlineQueue<Entry>(80, (e) => expired.push(`long:${e.name}`));
    const a = new Entry("a");
    short.add(a);
    vi.advanceTimersByTime(15);
    short.add(a); // refreshed: now due at 35
    vi.advanceTimersByTime(15);
    expect(expired).toEqual([]);
    long.add(a);
    expect(short.isEmpty).toBe(true);
    vi.advanceTimersByTime(79);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["long:a"]);
  });

  test("an entry re-added while expiring waits for a later turn, even with a zero duration", () => {
    let turns = 0;
    const queue: DeadlineQueue<Entry> = new DeadlineQueue<Entry>(0, (e) => {
      turns++;
      if (turns < 5) queue.add(e);
    });
    queue.add(new Entry("a"));
    vi.advanceTimersByTime(1);
    expect(turns).toBe(1);
    vi.advanceTimersByTime(10);
    expect(turns).toBe(5);
    expect(vi.getTimerCount()).toBe(0);
  });
});
