import { afterEach, describe, expect, test, vi } from "vitest";
import { SESSION_STORE_DEFAULTS, SessionAwareAdapter } from "@socketry/adapter";
import { emit, makeSessionAdapter, persist } from "./session-helpers.js";

const names = (packets: unknown[][] | undefined) => packets?.map((data) => data[0]);

afterEach(() => {
  vi.useRealTimers();
});

describe("SessionAwareAdapter: offsets and replay", () => {
  test("appends a distinct string offset to each kept broadcast", () => {
    const adapter = makeSessionAdapter();
    const a = emit(adapter, ["a"]);
    const b = emit(adapter, ["b", 1]);
    expect(typeof a).toBe("string");
    expect(typeof b).toBe("string");
    expect(a).not.toBe(b);
    adapter.close();
  });

  test("keeps neither volatile packets, packets with an ack, nor non-event packets", () => {
    const adapter = makeSessionAdapter();
    const first = emit(adapter, ["first"]) as string;
    expect(emit(adapter, ["volatile"], { volatile: true })).toBeUndefined();
    const withAck = { type: 2, id: 7, data: ["ack"] };
    adapter.broadcast(withAck, { rooms: new Set() });
    expect(withAck.data).toEqual(["ack"]);
    const ackPacket = { type: 3, data: ["ack type"] };
    adapter.broadcast(ackPacket, { rooms: new Set() });
    expect(ackPacket.data).toEqual(["ack type"]);
    expect(adapter.storeSize.packets).toBe(1);
    persist(adapter, "p1");
    return adapter.restoreSession("p1", first).then((session) => {
      expect(session?.missedPackets).toEqual([]);
      adapter.close();
    });
  });

  test("keeps local broadcasts: a single node's local broadcast reaches the same clients", async () => {
    const adapter = makeSessionAdapter();
    persist(adapter, "p1");
    const offset = emit(adapter, ["before"]) as string;
    emit(adapter, ["local"], { local: true });
    expect(names((await adapter.restoreSession("p1", offset))?.missedPackets)).toEqual(["local"]);
    adapter.close();
  });

  test("replays what the session's rooms received, in order, with the offsets, minus exceptions", async () => {
    const adapter = makeSessionAdapter();
    persist(adapter, "p1", ["r1", "r2"]);
    const offset = emit(adapter, ["seen"]) as string;
    emit(adapter, ["all"]);
    emit(adapter, ["r1"], { rooms: ["r1"] });
    emit(adapter, ["r3"], { rooms: ["r3"] });
    emit(adapter, ["r3 or r2"], { rooms: ["r3", "r2"] });
    emit(adapter, ["all but r2"], { except: ["r2"] });
    emit(adapter, ["all but me"], { except: ["sid-p1"] });
    emit(adapter, ["all but r9"], { except: ["r9"] });
    const session = await adapter.restoreSession("p1", offset);
    expect(session).toMatchObject({ sid: "sid-p1", pid: "p1", rooms: ["sid-p1", "r1", "r2"], data: { pid: "p1" } });
    expect(names(session?.missedPackets)).toEqual(["all", "r1", "r3 or r2", "all but r9"]);
    for (const data of session!.missedPackets) expect(typeof data[data.length - 1]).toBe("string");
    adapter.close();
  });

  test("replays each missed packet exactly once: a session is restored once", async () => {
    const adapter = makeSessionAdapter();
    persist(adapter, "p1");
    const offset = emit(adapter, ["seen"]) as string;
    emit(adapter, ["missed"]);
    expect(names((await adapter.restoreSession("p1", offset))?.missedPackets)).toEqual(["missed"]);
    expect(await adapter.restoreSession("p1", offset)).toBeNull();
    // Persisted again after the next disconnection, it restores again from the new offset.
    persist(adapter, "p1");
    const next = emit(adapter, ["again"]);
    expect(names((await adapter.restoreSession("p1", offset))?.missedPackets)).toEqual(["missed", "again"]);
    persist(adapter, "p1");
    expect((await adapter.restoreSession("p1", next as string))?.missedPackets).toEqual([]);
    adapter.close();
  });

  test("a replayed packet is a copy: changing it does not change the store", async () => {
    const adapter = makeSessionAdapter();
    persist(adapter, "p1");
    persist(adapter, "p2");
    const offset = emit(adapter, ["seen"]) as string;
    emit(adapter, ["missed"]);
    const first = await adapter.restoreSession("p1", offset);
    first!.missedPackets[0]!.push("changed");
    const second = await adapter.restoreSession("p2", offset);
    expect(second!.missedPackets[0]).toHaveLength(2);
    adapter.close();
  });

  test("null for an unknown pid, a malformed or foreign offset, or hostile arguments", async () => {
    const adapter = makeSessionAdapter();
    const other = makeSessionAdapter();
    const foreign = emit(other, ["x"]) as string;
    const offset = emit(adapter, ["x"]) as string;
    expect(await adapter.restoreSession("nobody", offset)).toBeNull();
    for (const bad of [
      "",
      "abc",
      foreign,
      `${offset}0`.replace(/\d+$/, "99999999999999999"),
      offset + "x",
      `${offset.split("-")[0]}-`,
    ]) {
      persist(adapter, "p1");
      expect(await adapter.restoreSession("p1", bad)).toBeNull();
    }
    persist(adapter, "p1");
    expect(await adapter.restoreSession("p1", 42 as unknown as string)).toBeNull();
    expect(await adapter.restoreSession({} as unknown as string, offset)).toBeNull();
    adapter.close();
    other.close();
  });
});

describe("SessionAwareAdapter: bounds", () => {
  test("keeps at most maxPackets; a restore that needs a dropped packet fails", async () => {
    const adapter = makeSessionAdapter({ maxPackets: 3 });
    const offsets = ["p0", "p1", "p2", "p3", "p4"].map((name) => emit(adapter, [name]) as string);
    expect(adapter.storeSize.packets).toBe(3);
    persist(adapter, "a");
    persist(adapter, "b");
    persist(adapter, "c");
    // p1 itself is gone but nothing after it is: nothing missed is lost.
    expect(names((await adapter.restoreSession("a", offsets[1]!))?.missedPackets)).toEqual(["p2", "p3", "p4"]);
    // p1 was dropped, so a client whose last packet was p0 cannot get everything it missed.
    expect(await adapter.restoreSession("b", offsets[0]!)).toBeNull();
    expect(names((await adapter.restoreSession("c", offsets[4]!))?.missedPackets)).toEqual([]);
    adapter.close();
  });

  test("keeps at most maxBytes of encoded packets, and drops a packet larger than the bound", async () => {
    const adapter = makeSessionAdapter({ maxBytes: 300 });
    for (let i = 0; i < 10; i++) emit(adapter, ["x".repeat(50)]);
    expect(adapter.storeSize.bytes).toBeLessThanOrEqual(300);
    expect(adapter.storeSize.packets).toBeGreaterThan(0);
    const beforeHuge = emit(adapter, ["small"]) as string;
    const huge = emit(adapter, ["y".repeat(1000)]) as string;
    expect(adapter.storeSize).toMatchObject({ packets: 0, bytes: 0 });
    persist(adapter, "a");
    persist(adapter, "b");
    expect(await adapter.restoreSession("a", beforeHuge)).toBeNull();
    expect((await adapter.restoreSession("b", huge))?.missedPackets).toEqual([]);
    adapter.close();
  });

  test("keeps at most maxSessions, dropping the longest disconnected", async () => {
    const adapter = makeSessionAdapter({ maxSessions: 2 });
    const offset = emit(adapter, ["x"]) as string;
    persist(adapter, "old");
    persist(adapter, "mid");
    persist(adapter, "new");
    expect(adapter.storeSize.sessions).toBe(2);
    expect(await adapter.restoreSession("old", offset)).toBeNull();
    expect(await adapter.restoreSession("mid", offset)).not.toBeNull();
    expect(await adapter.restoreSession("new", offset)).not.toBeNull();
    adapter.close();
  });

  test("a session disconnected longer than maxDisconnectionDuration is not restored", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const adapter = makeSessionAdapter({}, 5_000);
    const offset = emit(adapter, ["x"]) as string;
    persist(adapter, "late");
    persist(adapter, "on-time");
    vi.setSystemTime(1_000_000 + 4_000);
    expect(await adapter.restoreSession("on-time", offset)).not.toBeNull();
    vi.setSystemTime(1_000_000 + 5_001);
    expect(await adapter.restoreSession("late", offset)).toBeNull();
    adapter.close();
  });

  test("packets older than maxDisconnectionDuration are dropped, and the sweep drops old sessions", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const adapter = makeSessionAdapter({}, 5_000);
    const offset = emit(adapter, ["old"]) as string;
    persist(adapter, "a");
    vi.advanceTimersByTime(3_000);
    emit(adapter, ["recent"]);
    persist(adapter, "b");
    vi.advanceTimersByTime(4_500);
    // The sweep (every 2.5 s here) at 7.5 s dropped "old" and session "a"; "b" and "recent" stay.
    expect(adapter.storeSize).toMatchObject({ sessions: 1, packets: 1 });
    expect(await adapter.restoreSession("a", offset)).toBeNull();
    // "b" needs "old"'s successor "recent" only: still there.
    expect(names((await adapter.restoreSession("b", offset))?.missedPackets)).toEqual(["recent"]);
    adapter.close();
  });

  test("the sweep timer does not hold the process, and close stops it and empties the store", () => {
    vi.useFakeTimers();
    const adapter = makeSessionAdapter();
    emit(adapter, ["x"]);
    persist(adapter, "a");
    expect(vi.getTimerCount()).toBe(1);
    adapter.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(adapter.storeSize).toEqual({ sessions: 0, packets: 0, bytes: 0 });
  });

  test("bounds come from the options, then connectionStateRecovery, then the defaults; bad ones throw", () => {
    const fromDefaults = makeSessionAdapter();
    expect(fromDefaults.limits).toEqual({ ...SESSION_STORE_DEFAULTS, maxDisconnectionDuration: 5_000 });
    const nsp = {
      name: "/",
      sockets: new Map(),
      server: { encoder: { encode: () => [] }, opts: { connectionStateRecovery: { maxPackets: 7, maxBytes: 9 } } },
    };
    const fromServer = new SessionAwareAdapter(nsp, { maxBytes: 11 });
    expect(fromServer.limits).toMatchObject({ maxDisconnectionDuration: 120_000, maxPackets: 7, maxBytes: 11 });
    expect(() => new SessionAwareAdapter(nsp, { maxPackets: 0 })).toThrow(TypeError);
    expect(() => new SessionAwareAdapter(nsp, { maxSessions: -1 })).toThrow(TypeError);
    const noDuration = makeSessionAdapter({}, 0);
    expect(noDuration.limits.maxDisconnectionDuration).toBe(0);
    noDuration.close();
    expect(() => makeSessionAdapter({}, -5)).toThrow(/maxDisconnectionDuration/);
    expect(() => new SessionAwareAdapter(nsp, { maxBytes: "1" as unknown as number })).toThrow(/maxBytes/);
    fromDefaults.close();
    fromServer.close();
  });
});
