// Details of the official server over socketry's own engine and transports: volatile packets over
// long-polling, compression on by default, the broadcast's pre-built WebSocket frame on
// `packetCreate`, and io.attach(srv, opts) merging its options with the constructor's.
import { createServer } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { Server, type Socket } from "socketry";
import { pair, startIo, until, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("volatile over long-polling", () => {
  test("of two volatile packets in a row, only the first goes out", async () => {
    r = await startIo({ transports: ["polling"] });
    const client = r.v4("/", { transports: ["polling"] });
    const { socket } = await pair(r.io, client);
    let count = 0;
    client.on("ev", () => count++);
    // A poll is waiting and nothing is queued: the first volatile packet can go at once.
    const conn = socket.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[] };
    await until(() => conn.transport.writable && conn.writeBuffer.length === 0);
    socket.volatile.emit("ev", "data");
    socket.volatile.emit("ev", "data");
    await settle(300);
    expect(count).toBe(1);
  });

  test("regular packets after a dropped volatile one still go out", async () => {
    r = await startIo({ transports: ["polling"] });
    const client = r.v4("/", { transports: ["polling"] });
    const { socket } = await pair(r.io, client);
    const got: string[] = [];
    client.on("ev", (tag: string) => got.push(tag));
    await settle(50);
    socket.emit("ev", "a");
    socket.volatile.emit("ev", "dropped");
    socket.emit("ev", "b");
    await settle(300);
    expect(got).toEqual(["a", "b"]);
  });
});

describe("packetCreate of a broadcast", () => {
  test("compression is on by default and off with compress(false)", async () => {
    r = await startIo();
    const client = r.v4("/", { transports: ["websocket"] });
    const { socket } = await pair(r.io, client);
    const seen: unknown[] = [];
    socket.conn.on("packetCreate", (packet: { options?: { compress?: boolean } }) =>
      seen.push(packet.options?.compress),
    );
    r.io.emit("a");
    r.io.compress(false).emit("b");
    socket.emit("c");
    await settle(50);
    expect(seen).toEqual([true, false, true]);
  });

  test("carries the WebSocket frame built once for the broadcast (wsPreEncodedFrame)", async () => {
    r = await startIo();
    const clients = [r.v4("/", { transports: ["websocket"] }), r.v4("/", { transports: ["websocket"] })];
    const sockets: Socket[] = [];
    for (const client of clients) sockets.push((await pair(r.io, client)).socket);
    const frames: unknown[] = [];
    for (const socket of sockets) {
      socket.conn.once("packetCreate", (packet: { options?: { wsPreEncodedFrame?: unknown } }) =>
        frames.push(packet.options?.wsPreEncodedFrame),
      );
    }
    const got = Promise.all(clients.map((client) => new Promise((resolve) => client.once("woot", resolve))));
    r.io.compress(false).emit("woot", "hi");
    expect(await got).toEqual(["hi", "hi"]);
    expect(Array.isArray(frames[0])).toBe(true);
    expect(frames[1]).toBe(frames[0]); // one frame for the whole broadcast
    expect(Buffer.concat(frames[0] as Buffer[]).toString("latin1")).toContain('42["woot","hi"]');
  });
});

test("io.attach(srv, opts) merges its options with the constructor's", async () => {
  const io = new Server({ pingTimeout: 6000 });
  io.attach(createServer(), { pingInterval: 24000 });
  const opts = (io.eio as unknown as { opts: { pingTimeout: number; pingInterval: number } }).opts;
  expect(opts.pingTimeout).toBe(6000);
  expect(opts.pingInterval).toBe(24000);
  await io.close();
});
