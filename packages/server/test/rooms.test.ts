import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BroadcastOperator, type Socket } from "../src/index.js";
import { connectPair, delay, startServer, waitFor, type ClientSocket, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer();
});
afterEach(async () => {
  await ts.close();
});

/** Records which clients got `event` within a short window. */
async function receivers(
  clients: Record<string, ClientSocket>,
  event: string,
  act: () => void,
  settle = 80,
): Promise<string[]> {
  const got: string[] = [];
  for (const [name, client] of Object.entries(clients)) client.on(event, () => got.push(name));
  act();
  await delay(settle);
  return got.sort();
}

async function three() {
  const a = await connectPair(ts);
  const b = await connectPair(ts);
  const c = await connectPair(ts);
  return { a, b, c, clients: { a: a.client, b: b.client, c: c.client } };
}

describe("rooms", () => {
  it("join and leave update socket.rooms and the adapter maps", async () => {
    const { socket } = await connectPair(ts);
    socket.join("r1");
    socket.join(["r2", "r3"]);
    expect(socket.rooms).toEqual(new Set([socket.id, "r1", "r2", "r3"]));
    expect(ts.io.sockets.adapter.rooms.get("r2")).toEqual(new Set([socket.id]));
    socket.leave("r2");
    expect(socket.rooms.has("r2")).toBe(false);
    expect(ts.io.sockets.adapter.rooms.has("r2")).toBe(false);
  });

  it("a disconnected socket leaves every room", async () => {
    const { client, socket } = await connectPair(ts);
    socket.join("r1");
    const gone = waitFor(socket, "disconnect");
    client.disconnect();
    await gone;
    expect(ts.io.sockets.adapter.rooms.has("r1")).toBe(false);
    expect(ts.io.sockets.adapter.sids.has(socket.id)).toBe(false);
    expect(socket.rooms).toEqual(new Set());
  });

  it("the rooms are still visible in the disconnecting event", async () => {
    const { client, socket } = await connectPair(ts);
    socket.join("r9");
    const seen = new Promise<Set<string>>((resolve) =>
      socket.on("disconnecting", () => resolve(new Set(socket.rooms))),
    );
    client.disconnect();
    expect(await seen).toEqual(new Set([socket.id, "r9"]));
  });
});

describe("broadcasts", () => {
  it("io.emit reaches everyone; to/in a room reaches its members; except excludes", async () => {
    const { a, b, clients } = await three();
    a.socket.join("red");
    b.socket.join("red");
    b.socket.join("vip");
    expect(await receivers(clients, "all", () => ts.io.emit("all"))).toEqual(["a", "b", "c"]);
    expect(await receivers(clients, "red", () => ts.io.to("red").emit("red"))).toEqual(["a", "b"]);
    expect(await receivers(clients, "in", () => ts.io.in("red").emit("in"))).toEqual(["a", "b"]);
    expect(await receivers(clients, "ex", () => ts.io.to("red").except("vip").emit("ex"))).toEqual(["a"]);
    expect(await receivers(clients, "ex2", () => ts.io.except("red").emit("ex2"))).toEqual(["c"]);
    expect(await receivers(clients, "multi", () => ts.io.to(["red", "vip"]).emit("multi"))).toEqual(["a", "b"]);
    expect(await receivers(clients, "byid", () => ts.io.to(a.socket.id).emit("byid"))).toEqual(["a"]);
  });

  it("socket.broadcast and socket.to exclude the sender", async () => {
    const { a, b, clients } = await three();
    a.socket.join("room");
    b.socket.join("room");
    expect(await receivers(clients, "bc", () => a.socket.broadcast.emit("bc"))).toEqual(["b", "c"]);
    expect(await receivers(clients, "to", () => a.socket.to("room").emit("to"))).toEqual(["b"]);
    expect(await receivers(clients, "in", () => a.socket.in("room").emit("in"))).toEqual(["b"]);
    expect(await receivers(clients, "exc", () => a.socket.except("room").emit("exc"))).toEqual(["c"]);
    expect(await receivers(clients, "local", () => a.socket.local.emit("local"))).toEqual(["b", "c"]);
  });

  it("a broadcast carries binary data to every recipient", async () => {
    const { clients } = await three();
    const got = Object.values(clients).map((client) => waitFor(client, "bin"));
    ts.io.emit("bin", { file: Buffer.from("abc") });
    for (const [payload] of await Promise.all(got)) expect(Buffer.from(payload.file).toString()).toBe("abc");
  });

  it("BroadcastOperator is immutable and exposes rooms, exceptRooms and flags", () => {
    const base = ts.io.to("a");
    const more = base.to("b").except("c").timeout(50).compress(false);
    const vol = more.volatile.local;
    expect(base).toBeInstanceOf(BroadcastOperator);
    expect(base.rooms).toEqual(new Set(["a"]));
    expect(base.exceptRooms).toEqual(new Set());
    expect(base.flags).toEqual({});
    expect(more.rooms).toEqual(new Set(["a", "b"]));
    expect(more.exceptRooms).toEqual(new Set(["c"]));
    expect(more.flags).toEqual({ timeout: 50, compress: false });
    expect(vol.flags).toEqual({ timeout: 50, compress: false, volatile: true, local: true });
    expect(ts.io.volatile).not.toBe(ts.io.volatile);
  });

  it("volatile and compress broadcasts are delivered to ready websocket clients", async () => {
    const { clients } = await three();
    expect(await receivers(clients, "v", () => ts.io.volatile.emit("v"))).toEqual(["a", "b", "c"]);
    expect(await receivers(clients, "nc", () => ts.io.compress(false).emit("nc"))).toEqual(["a", "b", "c"]);
    expect(await receivers(clients, "l", () => ts.io.local.emit("l"))).toEqual(["a", "b", "c"]);
  });

  it("socket.volatile and socket.compress apply to one emit", async () => {
    const { client, socket } = await connectPair(ts);
    const writes: unknown[] = [];
    const original = socket.client.writeToEngine.bind(socket.client);
    socket.client.writeToEngine = (packets, opts) => {
      writes.push({ ...opts });
      original(packets, opts);
    };
    const got = waitFor(client, "third");
    socket.volatile.emit("first");
    socket.compress(false).emit("second");
    socket.emit("third");
    await got;
    expect(writes).toEqual([{ compress: true, volatile: true }, { compress: false }, { compress: true }]);
  });

  it("a volatile emit is dropped while a polling client has no pending request", async () => {
    const { client, socket } = await connectPair(ts, "/", { transports: ["polling"] });
    const transport = socket.conn.transport as { writable?: boolean };
    const wasWritable = transport.writable;
    transport.writable = false; // as between two polling requests
    let dropped = true;
    client.on("lost", () => {
      dropped = false;
    });
    socket.volatile.emit("lost");
    transport.writable = wasWritable;
    const kept = waitFor(client, "kept");
    socket.emit("kept");
    await kept;
    expect(dropped).toBe(true);
  });

  it("io.send and io.write emit message to everyone", async () => {
    const { clients } = await three();
    expect(await receivers(clients, "message", () => ts.io.send("hi"))).toEqual(["a", "b", "c"]);
    const got = waitFor(clients.a, "message");
    ts.io.write("w");
    expect(await got).toEqual(["w"]);
  });
});

describe("server-wide socket operations", () => {
  it("allSockets (v3) and fetchSockets list the targeted sockets", async () => {
    const { a, b, c } = await three();
    a.socket.join("x");
    b.socket.join("x");
    expect(await ts.io.allSockets()).toEqual(new Set([a.socket.id, b.socket.id, c.socket.id]));
    expect(await ts.io.in("x").allSockets()).toEqual(new Set([a.socket.id, b.socket.id]));
    const fetched = await ts.io.in("x").except(b.socket.id).fetchSockets();
    expect(fetched.map((s) => s.id)).toEqual([a.socket.id]);
    expect(fetched[0]!.rooms).toEqual(new Set([a.socket.id, "x"]));
    expect(await ts.io.of("/other").allSockets()).toEqual(new Set());
  });

  it("socketsJoin, socketsLeave and disconnectSockets act on the targeted sockets", async () => {
    const { a, b, c } = await three();
    a.socket.join("x");
    ts.io.socketsJoin("all");
    ts.io.in("x").socketsJoin(["y", "z"]);
    expect(a.socket.rooms).toEqual(new Set([a.socket.id, "x", "all", "y", "z"]));
    expect(b.socket.rooms).toEqual(new Set([b.socket.id, "all"]));
    ts.io.except("x").socketsLeave("all");
    expect(b.socket.rooms.has("all")).toBe(false);
    expect(a.socket.rooms.has("all")).toBe(true);

    const reasons: string[] = [];
    for (const s of [a.socket, b.socket, c.socket] as Socket[])
      s.on("disconnect", (r) => reasons.push(`${s === a.socket ? "a" : "other"}:${r}`));
    const clientGone = waitFor(a.client, "disconnect");
    ts.io.in("x").disconnectSockets();
    expect(await clientGone).toEqual(["io server disconnect", undefined]);
    expect(reasons).toEqual(["a:server namespace disconnect"]);
    const bGone = waitFor(b.client, "disconnect");
    ts.io.disconnectSockets(true);
    await bGone;
    expect(reasons.sort()).toEqual([
      "a:server namespace disconnect",
      "other:server namespace disconnect",
      "other:server namespace disconnect",
    ]);
  });

  it("serverSideEmit reaches no other server with the in-memory adapter; its ack gets an empty list", async () => {
    let localCalls = 0;
    ts.io.on("ping-servers", () => localCalls++);
    expect(ts.io.serverSideEmit("ping-servers", 1)).toBe(true);
    expect(await ts.io.serverSideEmitWithAck("ping-servers")).toEqual([]);
    expect(localCalls).toBe(0);
  });

  it("an adapter delivering a server-side event emits it on the namespace", () => {
    const got: unknown[] = [];
    ts.io.on("from-peer", (...args: unknown[]) => got.push(args));
    ts.io.sockets._onServerSideEmit(["from-peer", 1, "two"]);
    expect(got).toEqual([[1, "two"]]);
    let faked = 0;
    ts.io.on("connection", () => faked++);
    ts.io.sockets._onServerSideEmit(["connection", {}]);
    expect(faked).toBe(0);
    expect(() => ts.io.serverSideEmit("connection" as any)).toThrow(
      expect.objectContaining({ code: "ERR_SERVER_RESERVED_EVENT" }),
    );
    expect(() => ts.io.serverSideEmit("new_namespace" as any)).toThrow(
      expect.objectContaining({ code: "ERR_SERVER_RESERVED_EVENT" }),
    );
  });
});
