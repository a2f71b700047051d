import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addPendingAck, failPendingAcks, promiseAck, type AckCallback } from "../src/acks.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pending acknowledgements", () => {
  it("without timeout: the callback gets the answer as is", () => {
    const acks = new Map<number, AckCallback>();
    const got: unknown[][] = [];
    addPendingAck(acks, 1, (...args) => got.push(args), undefined, undefined);
    acks.get(1)!("a", 2);
    expect(got).toEqual([["a", 2]]);
  });

  it("with timeout: (null, ...answer) in time, the coded error after", () => {
    const acks = new Map<number, AckCallback>();
    const got: unknown[][] = [];
    addPendingAck(acks, 1, (...args) => got.push(args), 100, undefined);
    addPendingAck(acks, 2, (...args) => got.push(args), 100, undefined);
    acks.get(1)!("ok");
    acks.delete(1);
    vi.advanceTimersByTime(100);
    expect(got[0]).toEqual([null, "ok"]);
    expect(got[1]![0]).toMatchObject({ code: "SERVER_ACK_TIMEOUT", message: "operation has timed out" });
    expect(acks.size).toBe(0);
  });

  it("with only dropAfter: the entry disappears without calling back", () => {
    const acks = new Map<number, AckCallback>();
    let called = false;
    addPendingAck(acks, 7, () => (called = true), undefined, 50);
    vi.advanceTimersByTime(50);
    expect(acks.size).toBe(0);
    expect(called).toBe(false);
  });

  it("failPendingAcks: timeout entries get SERVER_SOCKET_DISCONNECTED, others are dropped, timers stop", () => {
    const acks = new Map<number, AckCallback>();
    const got: unknown[] = [];
    addPendingAck(acks, 1, (err) => got.push(err), 1000, undefined);
    addPendingAck(acks, 2, () => got.push("plain"), undefined, undefined);
    addPendingAck(acks, 3, () => got.push("dropped"), undefined, 1000);
    failPendingAcks(acks);
    expect(acks.size).toBe(0);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ code: "SERVER_SOCKET_DISCONNECTED" });
    vi.advanceTimersByTime(5000);
    expect(got).toHaveLength(1);
  });

  it("promiseAck: error-first with a timeout, value-first without", async () => {
    const withTimeout = new Promise((resolve, reject) => promiseAck(true, resolve, reject)(null, "v"));
    expect(await withTimeout).toBe("v");
    const failed = new Promise((resolve, reject) => promiseAck(true, resolve, reject)(new Error("x")));
    await expect(failed).rejects.toThrow("x");
    const plain = new Promise((resolve, reject) => promiseAck(false, resolve, reject)("first", "second"));
    expect(await plain).toBe("first");
  });
});
