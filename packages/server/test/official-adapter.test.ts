// An adapter written for the official socket.io-adapter (here: its in-memory Adapter itself)
// plugs into @socketry/server through the `adapter` option.
import { Adapter as OfficialAdapter, SessionAwareAdapter as OfficialSessionAwareAdapter } from "socket.io-adapter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer({ adapter: OfficialAdapter as any });
});
afterEach(async () => {
  await ts.close();
});

describe("socket.io-adapter's Adapter as the adapter option", () => {
  it("is used for every namespace", () => {
    expect(ts.io.sockets.adapter).toBeInstanceOf(OfficialAdapter);
    expect(ts.io.of("/x").adapter).toBeInstanceOf(OfficialAdapter);
  });

  it("rooms, broadcasts with except, binary and volatile", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    a.socket.join("room");
    b.socket.join("room");
    expect(ts.io.sockets.adapter.rooms.get("room")).toEqual(new Set([a.socket.id, b.socket.id]));
    const got = waitFor(b.client, "hi");
    let leaked = false;
    a.client.on("hi", () => (leaked = true));
    ts.io.to("room").except(a.socket.id).emit("hi", Buffer.from("x"));
    expect(Buffer.from((await got)[0]).toString()).toBe("x");
    const vol = waitFor(a.client, "v");
    ts.io.volatile.emit("v", 1);
    expect(await vol).toEqual([1]);
    await delay(30);
    expect(leaked).toBe(false);
  });

  it("a timed-out broadcast leaves no entry in a silent client's ack map", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    a.client.on("vote", (cb: (v: string) => void) => cb("a"));
    b.client.on("vote", () => {});
    for (let i = 0; i < 3; i++) {
      await expect(ts.io.timeout(50).emitWithAck("vote")).rejects.toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
    }
    // socket.io-adapter keeps the entries of silent clients; the operator drops them on timeout.
    expect(b.socket.acks.size).toBe(0);
    expect(a.socket.acks.size).toBe(0);
  });

  it("broadcast acknowledgements, fetchSockets, socketsJoin and disconnectSockets", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    a.client.on("q", (cb: (r: string) => void) => cb("a"));
    b.client.on("q", (cb: (r: string) => void) => cb("b"));
    expect((await ts.io.timeout(1000).emitWithAck("q")).sort()).toEqual(["a", "b"]);
    expect((await ts.io.fetchSockets()).map((s) => s.id).sort()).toEqual([a.socket.id, b.socket.id].sort());
    ts.io.socketsJoin("all");
    expect(a.socket.rooms.has("all")).toBe(true);
    const gone = waitFor(b.client, "disconnect");
    ts.io.in(b.socket.id).disconnectSockets();
    expect(await gone).toEqual(["io server disconnect", undefined]);
  });

  it("onAnyOutgoing sees broadcasts through the official adapter", async () => {
    const { client, socket } = await connectPair(ts);
    const seen: unknown[] = [];
    socket.onAnyOutgoing((...args: unknown[]) => seen.push(args));
    const got = waitFor(client, "b");
    ts.io.emit("b", 2);
    await got;
    expect(seen).toEqual([["b", 2]]);
  });
});

describe("socket.io-adapter's SessionAwareAdapter with connection state recovery", () => {
  it("reads the recovery settings from io.opts, keeps a dropped session and gives it back with what it missed", async () => {
    await ts.close();
    ts = await startServer({ adapter: OfficialSessionAwareAdapter as any, connectionStateRecovery: {} });
    const adapter = ts.io.of("/").adapter as unknown as { maxDisconnectionDuration: number };
    expect(adapter.maxDisconnectionDuration).toBe(120_000);
    expect(ts.io._opts.connectionStateRecovery).toEqual(ts.io.opts.connectionStateRecovery);
    const { client, socket } = await connectPair(ts, "/", { reconnection: true, reconnectionDelay: 50 });
    socket.join("room");
    const first = waitFor(client, "before");
    ts.io.emit("before", 1); // the client learns an offset
    await first;
    const back = waitFor<[typeof socket]>(ts.io, "connection");
    (socket.conn.transport as unknown as { socket: { _socket: { destroy(): void } } }).socket._socket.destroy();
    await waitFor(socket, "disconnect");
    ts.io.to("room").emit("missed", 2);
    const [again] = await back;
    expect(again.id).toBe(socket.id);
    expect(again.recovered).toBe(true);
    expect(again.rooms.has("room")).toBe(true);
    const [missed] = await waitFor<[number]>(client, "missed");
    expect(missed).toBe(2);
  });
});
