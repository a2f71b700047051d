import { describe, expect, test } from "vitest";
import { makeNamespace } from "./helpers.js";

describe("room membership", () => {
  test("addAll creates rooms once and reports each join", () => {
    const { adapter } = makeNamespace([]);
    const events: string[] = [];
    adapter.on("create-room", (room) => events.push(`create ${room}`));
    adapter.on("join-room", (room, id) => events.push(`join ${room} ${id}`));
    adapter.addAll("s1", new Set(["a", "b"]));
    adapter.addAll("s2", new Set(["a"]));
    adapter.addAll("s2", new Set(["a"]));
    expect(events).toEqual(["create a", "join a s1", "create b", "join b s1", "join a s2"]);
    expect([...adapter.rooms.get("a")!]).toEqual(["s1", "s2"]);
    expect([...adapter.sids.get("s1")!]).toEqual(["a", "b"]);
  });

  test("del removes one membership and deletes an emptied room", () => {
    const { adapter } = makeNamespace([]);
    adapter.addAll("s1", new Set(["a"]));
    const events: string[] = [];
    adapter.on("leave-room", (room, id) => events.push(`leave ${room} ${id}`));
    adapter.on("delete-room", (room) => events.push(`delete ${room}`));
    adapter.del("s1", "a");
    adapter.del("s1", "a");
    adapter.del("unknown", "a");
    expect(events).toEqual(["leave a s1", "delete a"]);
    expect(adapter.rooms.has("a")).toBe(false);
    expect(adapter.sids.get("s1")?.size).toBe(0);
  });

  test("delAll forgets the socket and every room it emptied", () => {
    const { adapter } = makeNamespace(["s1", "s2"]);
    adapter.addAll("s1", new Set(["a", "b"]));
    adapter.addAll("s2", new Set(["a"]));
    adapter.delAll("s1");
    adapter.delAll("s1");
    expect(adapter.sids.has("s1")).toBe(false);
    expect([...adapter.rooms.keys()].sort()).toEqual(["a", "s2"]);
    expect(adapter.socketRooms("s1")).toBeUndefined();
    expect([...adapter.socketRooms("s2")!]).toEqual(["s2", "a"]);
  });

  test("sockets() lists members of any given room, or everyone", async () => {
    const { adapter } = makeNamespace(["s1", "s2", "s3"]);
    adapter.addAll("s1", new Set(["a"]));
    adapter.addAll("s2", new Set(["a", "b"]));
    expect([...(await adapter.sockets(new Set(["a", "b"])))].sort()).toEqual(["s1", "s2"]);
    expect([...(await adapter.sockets(new Set()))].sort()).toEqual(["s1", "s2", "s3"]);
    expect((await adapter.sockets(new Set(["none"]))).size).toBe(0);
    expect(await adapter.serverCount()).toBe(1);
  });
});

// A socket's own room starts as one Set in both maps (src/in-memory-adapter.ts, #addOwnRoom): every
// later change must look as if the two were separate sets from the start.
describe("a socket's own room, one set in both maps until either changes", () => {
  const snapshot = (adapter: ReturnType<typeof makeNamespace>["adapter"]) => ({
    rooms: Object.fromEntries([...adapter.rooms].map(([room, ids]) => [room, [...ids].sort()])),
    sids: Object.fromEntries([...adapter.sids].map(([id, rooms]) => [id, [...rooms].sort()])),
  });
  const recordEvents = (adapter: ReturnType<typeof makeNamespace>["adapter"]) => {
    const events: string[] = [];
    for (const name of ["create-room", "join-room", "leave-room", "delete-room"] as const)
      adapter.on(name, (...args: unknown[]) => events.push(`${name} ${args.join(" ")}`));
    return events;
  };

  test("joining another room leaves the own room's members alone", () => {
    const { adapter } = makeNamespace([]);
    const events = recordEvents(adapter);
    adapter.addAll("s1", new Set(["s1"]));
    expect(adapter.sids.get("s1")).toBe(adapter.rooms.get("s1"));
    adapter.addAll("s1", new Set(["lobby"]));
    expect(snapshot(adapter)).toEqual({ rooms: { s1: ["s1"], lobby: ["s1"] }, sids: { s1: ["lobby", "s1"] } });
    expect(events).toEqual(["create-room s1", "join-room s1 s1", "create-room lobby", "join-room lobby s1"]);
  });

  test("another socket joining a room named after a socket does not change that socket's rooms", () => {
    const { adapter } = makeNamespace([]);
    adapter.addAll("s1", new Set(["s1"]));
    adapter.addAll("s2", new Set(["s2"]));
    adapter.addAll("s2", new Set(["s1"]));
    expect(snapshot(adapter)).toEqual({
      rooms: { s1: ["s1", "s2"], s2: ["s2"] },
      sids: { s1: ["s1"], s2: ["s1", "s2"] },
    });
    adapter.del("s2", "s1");
    expect(snapshot(adapter)).toEqual({ rooms: { s1: ["s1"], s2: ["s2"] }, sids: { s1: ["s1"], s2: ["s2"] } });
  });

  test("leaving the own room reports the leave and deletes the room; the socket is then in no room", () => {
    const { adapter } = makeNamespace([]);
    adapter.addAll("s1", new Set(["s1"]));
    const events = recordEvents(adapter);
    adapter.del("s1", "s1");
    expect(events).toEqual(["leave-room s1 s1", "delete-room s1"]);
    expect(snapshot(adapter)).toEqual({ rooms: {}, sids: { s1: [] } });
    adapter.addAll("s1", new Set(["lobby"]));
    expect(snapshot(adapter)).toEqual({ rooms: { lobby: ["s1"] }, sids: { s1: ["lobby"] } });
  });

  test("delAll on a socket only in its own room reports the leave and forgets both entries", () => {
    const { adapter } = makeNamespace([]);
    adapter.addAll("s1", new Set(["s1"]));
    const events = recordEvents(adapter);
    adapter.delAll("s1");
    expect(events).toEqual(["leave-room s1 s1", "delete-room s1"]);
    expect(snapshot(adapter)).toEqual({ rooms: {}, sids: {} });
  });

  test("joining the own room again, or with other rooms at once, keeps both views right", () => {
    const { adapter } = makeNamespace([]);
    adapter.addAll("s1", new Set(["s1"]));
    adapter.addAll("s1", new Set(["s1"]));
    adapter.addAll("s2", new Set(["s2", "a"]));
    expect(snapshot(adapter)).toEqual({
      rooms: { s1: ["s1"], s2: ["s2"], a: ["s2"] },
      sids: { s1: ["s1"], s2: ["a", "s2"] },
    });
  });
});
