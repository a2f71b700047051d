// Adapters of the Socket.IO v3 era, built on socket.io-adapter 2.0–2.2 (socket.io-redis 6 among
// them), broadcast through `socket.packet(encodedPackets, { preEncoded: true, … })`, which later
// versions replaced with `socket.client.writeToEngine`. Here socket.io-adapter 2.2.0's own
// in-memory Adapter is the `adapter` option.
import { Adapter as AdapterV22 } from "socket.io-adapter-v2-2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer({ adapter: AdapterV22 as any });
});
afterEach(async () => {
  await ts.close();
});

describe("socket.io-adapter 2.2's Adapter (broadcasts through socket.packet)", () => {
  it("broadcasts to rooms with except, text and binary, once per recipient", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    const c = await connectPair(ts);
    for (const { socket } of [a, b, c]) socket.join("room");
    const got: string[] = [];
    for (const [name, { client }] of Object.entries({ a, b, c }))
      client.on("hi", (text: string) => got.push(`${name} ${text}`));
    const binary = waitFor<[ArrayBuffer]>(c.client, "bin");
    ts.io.to("room").except(a.socket.id).emit("hi", "there");
    ts.io.to(c.socket.id).emit("bin", Buffer.from([1, 2, 3]));
    expect([...new Uint8Array((await binary)[0])]).toEqual([1, 2, 3]);
    await delay(30);
    expect(got.sort()).toEqual(["b there", "c there"]);
  });

  it("a broadcast from a socket skips that socket; volatile and compress(false) reach an idle client", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    let echoed = false;
    a.client.on("news", () => (echoed = true));
    const news = waitFor(b.client, "news");
    a.socket.broadcast.emit("news", 1);
    expect(await news).toEqual([1]);
    const volatile = waitFor(b.client, "v");
    ts.io.volatile.compress(false).emit("v", 2);
    expect(await volatile).toEqual([2]);
    await delay(30);
    expect(echoed).toBe(false);
  });

  it("fetchSockets, socketsJoin, socketsLeave and disconnectSockets", async () => {
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    expect((await ts.io.fetchSockets()).map((s) => s.id).sort()).toEqual([a.socket.id, b.socket.id].sort());
    ts.io.socketsJoin("all");
    expect(a.socket.rooms.has("all") && b.socket.rooms.has("all")).toBe(true);
    ts.io.in(a.socket.id).socketsLeave("all");
    expect(a.socket.rooms.has("all")).toBe(false);
    const gone = waitFor(b.client, "disconnect");
    ts.io.in("all").disconnectSockets();
    expect((await gone)[0]).toBe("io server disconnect");
    expect(a.socket.connected).toBe(true);
  });

  it("socket.packet writes a packet object to its client too, as the official method does", async () => {
    const a = await connectPair(ts);
    const got = waitFor(a.client, "direct");
    a.socket.packet({ type: 2, nsp: "ignored", data: ["direct", 4] });
    expect(await got).toEqual([4]);
  });
});
