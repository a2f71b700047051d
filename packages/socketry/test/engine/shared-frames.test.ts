// Frame once, write many: sessions given the same `preEncoded` options object and data (what an
// adapter does for a broadcast) share one WebSocket frame, built by the first of them. Clients
// of every encoding variant, and connections that negotiated permessage-deflate, still get exactly
// what they would have got without the cache.
import { afterEach, expect, test } from "vitest";
import { Socket as ClientSocket, type SocketOptions } from "engine.io-client";
import eio from "engine.io-client-v3";
import type { Socket } from "socketry/engine";
import type { EngineOptions } from "socketry/engine";
import { once, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: ClientSocket[] = [];
const closers: Array<() => void> = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const close of closers.splice(0)) close();
  await running?.stop();
  running = undefined;
});

async function connect(
  count: number,
  clientOptions: Partial<SocketOptions> = {},
): Promise<{ sockets: Socket[]; received: unknown[][] }> {
  const sockets: Socket[] = [];
  const received: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const connection = once<Socket>(running!.engine, "connection");
    const client = new ClientSocket(running!.url, { transports: ["websocket"], ...clientOptions });
    clients.push(client);
    const messages: unknown[] = [];
    received.push(messages);
    client.on("message", (data) => messages.push(data));
    await once(client, "open");
    sockets.push(await connection);
  }
  return { sockets, received };
}

function framesCachedOn(options: object): unknown[] | undefined {
  const key = Object.getOwnPropertySymbols(options).find((s) => s.description === "socketry.websocket.frames");
  return key === undefined ? undefined : ((options as Record<symbol, unknown[]>)[key] ?? undefined);
}

test("one frame per broadcast text and one per binary attachment, written to every session", async () => {
  running = await startEngine();
  const { sockets, received } = await connect(3);
  const shared = { preEncoded: true, compress: true };
  const text = '2["tick",{"n":1}]';
  const binary = Buffer.from([1, 2, 3, 250]);
  for (const socket of sockets) {
    socket.write(text, shared);
    socket.write(binary, shared);
  }
  await until(() => received.every((r) => r.length === 2));
  for (const r of received) {
    expect(r[0]).toBe(text);
    expect(Buffer.from(r[1] as ArrayBuffer)).toEqual(binary);
  }
  expect(framesCachedOn(shared)).toHaveLength(2);
});

test("a user's own options object is not used as a cache", async () => {
  running = await startEngine();
  const { sockets, received } = await connect(2);
  const options = { compress: false };
  for (const socket of sockets) socket.write("hello", options);
  await until(() => received.every((r) => r.length === 1));
  expect(received).toEqual([["hello"], ["hello"]]);
  expect(Object.getOwnPropertySymbols(options)).toEqual([]);
});

test("a frozen shared options object still delivers (framed per session)", async () => {
  running = await startEngine();
  const { sockets, received } = await connect(2);
  const shared = Object.freeze({ preEncoded: true });
  for (const socket of sockets) socket.write("frozen", shared);
  await until(() => received.every((r) => r.length === 1));
  expect(received).toEqual([["frozen"], ["frozen"]]);
});

test.each<[string, EngineOptions]>([
  ["permessage-deflate negotiated", { perMessageDeflate: { threshold: 0 } }],
  ["default options", {}],
])("large shared text arrives whole (%s)", async (_label, options) => {
  running = await startEngine(options);
  const { sockets, received } = await connect(2);
  const shared = { preEncoded: true };
  const big = `2["big","${"x".repeat(70_000)}"]`; // needs the 64-bit length form of the header
  for (const socket of sockets) socket.write(big, shared);
  await until(() => received.every((r) => r.length === 1));
  for (const r of received) expect(r[0]).toBe(big);
  // With deflate, ws compresses per connection: nothing is cached.
  expect(framesCachedOn(shared)?.length ?? 0).toBe(options.perMessageDeflate ? 0 : 1);
});

test("v3 and v4 clients of one broadcast each get their own protocol's binary frame", async () => {
  running = await startEngine({ allowEIO3: true, allowUpgrades: false });
  const v4 = await connect(1);
  const connection = once<Socket>(running.engine, "connection");
  const v3client = eio(running.url, { transports: ["websocket"] });
  closers.push(() => v3client.close());
  const v3received: unknown[] = [];
  v3client.on("message", (d: unknown) => v3received.push(d));
  await once(v3client, "open");
  const v3socket = await connection;
  expect(v3socket.protocol).toBe(3);
  const shared = { preEncoded: true };
  const binary = Buffer.from([9, 8, 7]);
  for (const socket of [v4.sockets[0]!, v3socket]) {
    socket.write("text for both", shared);
    socket.write(binary, shared);
  }
  await until(() => v4.received[0]!.length === 2 && v3received.length === 2);
  for (const got of [v4.received[0]!, v3received]) {
    expect(got[0]).toBe("text for both");
    expect([...new Uint8Array(got[1] as ArrayBuffer)]).toEqual([9, 8, 7]);
  }
  // one frame per data and variant (protocol, base64): v3 binary frames carry a type byte
  expect(framesCachedOn(shared)).toHaveLength(4);
});
