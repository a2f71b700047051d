import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AckMap, AckRegistry, failPendingAcks, promiseAck } from "../src/ack-registry.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("socket acknowledgements", () => {
  it("ids come from one counter per registry, the one adapters bump as nsp._ids", () => {
    const registry = new AckRegistry();
    const acks = new AckMap();
    expect(registry.addSocketAck(acks, () => {}, undefined, undefined)).toBe(0);
    registry.counter++; // an official adapter's `nsp._ids++`
    expect(registry.addSocketAck(acks, () => {}, undefined, undefined)).toBe(2);
  });

  it("without timeout: the callback gets the answer as is", () => {
    const acks = new AckMap();
    const got: unknown[][] = [];
    const id = new AckRegistry().addSocketAck(acks, (...args) => got.push(args), undefined, undefined);
    acks.get(id)!("a", 2);
    expect(got).toEqual([["a", 2]]);
  });

  it("with timeout: (null, ...answer) in time, the coded error after", () => {
    const registry = new AckRegistry();
    const acks = new AckMap();
    const got: unknown[][] = [];
    const first = registry.addSocketAck(acks, (...args) => got.push(args), 100, undefined);
    registry.addSocketAck(acks, (...args) => got.push(args), 100, undefined);
    acks.get(first)!("ok");
    acks.delete(first);
    vi.advanceTimersByTime(100);
    expect(got[0]).toEqual([null, "ok"]);
    expect(got[1]![0]).toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT", message: "operation has timed out" });
    expect(acks.size).toBe(0);
  });

  it("with only dropAfter: the entry disappears without calling back", () => {
    const acks = new AckMap();
    let called = false;
    new AckRegistry().addSocketAck(acks, () => (called = true), undefined, 50);
    vi.advanceTimersByTime(50);
    expect(acks.size).toBe(0);
    expect(called).toBe(false);
  });

  it("failPendingAcks: timeout entries get ERR_SERVER_SOCKET_DISCONNECTED, others are dropped, timers stop", () => {
    const registry = new AckRegistry();
    const acks = new AckMap();
    const got: unknown[] = [];
    registry.addSocketAck(acks, (err) => got.push(err), 1000, undefined);
    registry.addSocketAck(acks, () => got.push("plain"), undefined, undefined);
    registry.addSocketAck(acks, () => got.push("dropped"), undefined, 1000);
    failPendingAcks(acks);
    expect(acks.size).toBe(0);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ code: "ERR_SERVER_SOCKET_DISCONNECTED" });
    vi.advanceTimersByTime(5000);
    expect(got).toHaveLength(1);
  });
});

describe("broadcast acknowledgements", () => {
  it("on timeout, the unanswered entries are gone before the caller hears of it", () => {
    const registry = new AckRegistry();
    const a = new AckMap();
    const b = new AckMap();
    const response = () => {};
    const seen: number[] = [];
    registry.trackBroadcast(response, 100, () => seen.push(a.size + b.size));
    // What any adapter does for each recipient:
    a.set(7, response);
    b.set(7, response);
    b.delete(7); // b answered
    b.set(8, () => {}); // an unrelated entry stays
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1]);
    expect(a.size).toBe(0);
    expect(b.has(8)).toBe(true);
  });

  it("settled in time: no timeout, entries stored later are not tracked", () => {
    const registry = new AckRegistry();
    const a = new AckMap();
    const response = () => {};
    let timedOut = false;
    registry.trackBroadcast(response, 100, () => (timedOut = true));
    registry.settleBroadcast(response);
    a.set(1, response);
    vi.advanceTimersByTime(1000);
    expect(timedOut).toBe(false);
    expect(a.size).toBe(1);
  });

  it("promiseAck: error-first with a timeout (the answers that came ride on the error), value-first without", async () => {
    const withTimeout = new Promise((resolve, reject) => promiseAck(true, resolve, reject)(null, "v"));
    expect(await withTimeout).toBe("v");
    const failed = new Promise((resolve, reject) => promiseAck(true, resolve, reject)(new Error("x"), [1, 2]));
    await expect(failed).rejects.toMatchObject({ message: "x", responses: [1, 2] });
    const plain = new Promise((resolve, reject) => promiseAck(false, resolve, reject)("first", "second"));
    expect(await plain).toBe("first");
  });
});
