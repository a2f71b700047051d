import { describe, expect, test } from "vitest";
import { makeNamespace } from "./helpers.js";

const event = (name: string) => ({ type: 2, data: [name] });

describe("broadcast", () => {
  test("encodes once and writes the same encoding to every recipient", () => {
    const { adapter, encodeCalls, socket } = makeNamespace(["s1", "s2", "s3"]);
    adapter.broadcast(event("hi"), { rooms: new Set(), flags: { volatile: true, compress: false } });
    expect(encodeCalls).toHaveLength(1);
    expect(encodeCalls[0]!.nsp).toBe("/chat");
    const writes = ["s1", "s2", "s3"].map((id) => socket(id).written);
    expect(writes.every((w) => w.length === 1)).toBe(true);
    expect(writes[0]![0]!.encoded).toBe(writes[2]![0]!.encoded);
    expect(writes[0]![0]!.opts).toEqual({ preEncoded: true, volatile: true, compress: false });
  });

  test("reaches each socket of several rooms once and honours except", () => {
    const { adapter, socket } = makeNamespace(["s1", "s2", "s3", "s4"]);
    adapter.addAll("s1", new Set(["a"]));
    adapter.addAll("s2", new Set(["a", "b"]));
    adapter.addAll("s3", new Set(["b", "muted"]));
    adapter.addAll("s4", new Set(["b"]));
    adapter.broadcast(event("x"), { rooms: new Set(["a", "b"]), except: new Set(["muted", "s4"]) });
    expect(["s1", "s2", "s3", "s4"].map((id) => socket(id).written.length)).toEqual([1, 1, 0, 0]);
  });

  test("a single room and an unknown room", () => {
    const { adapter, socket } = makeNamespace(["s1", "s2"]);
    adapter.addAll("s2", new Set(["a"]));
    adapter.broadcast(event("x"), { rooms: new Set(["a"]) });
    adapter.broadcast(event("y"), { rooms: new Set(["nobody"]) });
    expect(socket("s1").written).toHaveLength(0);
    expect(socket("s2").written).toHaveLength(1);
  });

  test("runs the outgoing listeners of each recipient", () => {
    const { adapter, socket } = makeNamespace(["s1"]);
    const seen: unknown[] = [];
    socket("s1").notifyOutgoingListeners = (packet) => seen.push(packet.data);
    adapter.broadcast(event("x"), { rooms: new Set() });
    expect(seen).toEqual([["x"]]);
  });

  test("broadcastWithAck registers the ack on each recipient and counts them", () => {
    const { adapter, socket, nsp } = makeNamespace(["s1", "s2", "s3"]);
    adapter.addAll("s1", new Set(["a"]));
    adapter.addAll("s3", new Set(["a"]));
    const ack = () => {};
    let count = -1;
    nsp._ids = 7;
    adapter.broadcastWithAck(event("q"), { rooms: new Set(["a"]) }, (n) => (count = n), ack);
    expect(count).toBe(2);
    expect(socket("s1").acks.get(7)).toBe(ack);
    expect(socket("s3").acks.get(7)).toBe(ack);
    expect(socket("s2").acks.size).toBe(0);
    expect(nsp._ids).toBe(8);
    expect(JSON.parse(socket("s1").written[0]!.encoded[0] as string).id).toBe(7);
  });
});

describe("operations on matching sockets", () => {
  test("fetchSockets returns the matching socket objects", async () => {
    const { adapter, socket } = makeNamespace(["s1", "s2"]);
    adapter.addAll("s2", new Set(["a"]));
    expect(await adapter.fetchSockets({ rooms: new Set(["a"]) })).toEqual([socket("s2")]);
    expect(await adapter.fetchSockets({ rooms: new Set(), except: new Set(["a"]) })).toEqual([socket("s1")]);
  });

  test("addSockets and delSockets change membership of the matching sockets only", () => {
    const { adapter } = makeNamespace(["s1", "s2", "s3"]);
    adapter.addAll("s1", new Set(["a"]));
    adapter.addAll("s2", new Set(["a"]));
    adapter.addSockets({ rooms: new Set(["a"]) }, ["b", "c"]);
    expect([...adapter.rooms.get("b")!].sort()).toEqual(["s1", "s2"]);
    adapter.delSockets({ rooms: new Set(["b"]), except: new Set(["s2"]) }, ["a", "b"]);
    expect([...adapter.sids.get("s1")!].sort()).toEqual(["c", "s1"]);
    expect([...adapter.sids.get("s2")!].sort()).toEqual(["a", "b", "c", "s2"]);
    expect(adapter.sids.get("s3")!.has("b")).toBe(false);
  });

  test("disconnectSockets reaches every match even as rooms empty under it", () => {
    const { adapter, socket, nsp } = makeNamespace(["s1", "s2", "s3"]);
    adapter.addAll("s1", new Set(["a"]));
    adapter.addAll("s2", new Set(["a"]));
    adapter.disconnectSockets({ rooms: new Set(["a"]) }, true);
    expect(socket("s3").disconnectedWith).toBeUndefined();
    expect([...nsp.sockets.keys()]).toEqual(["s3"]);
    expect(adapter.rooms.has("a")).toBe(false);
  });

  test("serverSideEmit has no other server to reach: an ack gets an empty list", async () => {
    const { adapter } = makeNamespace([]);
    const answer = await new Promise<unknown[]>((resolve) =>
      adapter.serverSideEmit(["ping", 1, (err: unknown, replies: unknown[]) => resolve([err, replies])]),
    );
    expect(answer).toEqual([null, []]);
    expect(() => adapter.serverSideEmit(["ping"])).not.toThrow();
    expect(await adapter.restoreSession("pid", "0")).toBeNull();
  });
});
