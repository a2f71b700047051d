// The official docs' memory tip, `io.engine.on("connection", (raw) => { raw.request = null })`:
// the socket still connects and works; socket.request is null and the handshake keeps what does
// not come from the request. Without the tip, the request and the handshake headers are there.
import { afterEach, expect, test } from "vitest";
import { emitAck, pair, startIo, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

test("by default socket.request and the handshake headers are available", async () => {
  r = await startIo();
  const { socket } = await pair(r.io, r.v4("/", { transports: ["websocket"], extraHeaders: { "x-tenant": "blue" } }));
  expect(socket.request.headers["x-tenant"]).toBe("blue");
  expect(socket.handshake.headers["x-tenant"]).toBe("blue");
});

test("released in an engine 'connection' listener: the socket works, request and its fields are gone", async () => {
  r = await startIo();
  const seenBeforeRelease: unknown[] = [];
  r.io.engine.on("connection", (raw: { request: { headers: Record<string, unknown> } | null }) => {
    seenBeforeRelease.push(raw.request?.headers["x-tenant"]);
    raw.request = null;
  });
  r.io.on("connection", (socket) => socket.on("echo", (value: unknown, ack: (v: unknown) => void) => ack(value)));
  const { client, socket } = await pair(
    r.io,
    r.v4("/", { transports: ["websocket"], extraHeaders: { "x-tenant": "blue" }, auth: { token: "t" } }),
  );
  expect(seenBeforeRelease).toEqual(["blue"]);
  expect(socket.request).toBeNull();
  expect(socket.handshake.headers).toEqual({});
  expect(socket.handshake.query).toEqual({});
  expect(socket.handshake.url).toBe(""); // the official server gives undefined here; a string is safer to use
  expect(socket.handshake.auth).toEqual({ token: "t" });
  expect(socket.handshake.address).toBe("127.0.0.1");
  expect(typeof socket.handshake.issued).toBe("number");
  expect(await emitAck(client, "echo", "still works")).toEqual(["still works"]);
});
