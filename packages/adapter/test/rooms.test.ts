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
