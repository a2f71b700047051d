// A flush of several packets over WebSocket leaves in one corked write, not one write per frame,
// and the frames still arrive whole and in order.
import type { Socket as NetSocket } from "node:net";
import { afterEach, expect, test, vi } from "vitest";
import type { Socket } from "@socketry/engine";
import type WebSocketClient from "ws";
import { once, openRaw, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
let client: WebSocketClient | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  client?.close();
  client = undefined;
  await running?.stop();
  running = undefined;
});

test("packets queued behind a pending write go out as one corked batch, in order", async () => {
  running = await startEngine();
  const connection = once<Socket>(running.engine, "connection");
  const opened = await openRaw(running.port);
  client = opened.ws;
  const socket = await connection;
  const received: string[] = [];
  client.on("message", (data: Buffer) => received.push(data.toString()));
  const serverSocket = (socket.request as { socket: NetSocket }).socket;
  // Count the writes the server's TCP socket hands to the OS (writev for a batch, write for one).
  const tcp = serverSocket as NetSocket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  const writes = [vi.spyOn(tcp, "_write"), vi.spyOn(tcp, "_writev")];
  // The first send leaves at once; the next ones wait for its callback and are flushed together.
  for (let i = 0; i < 6; i++) socket.send(`m${i}`);
  await until(() => received.length === 6);
  expect(received).toEqual(["4m0", "4m1", "4m2", "4m3", "4m4", "4m5"]);
  const writeCount = writes.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  expect(writeCount).toBeGreaterThanOrEqual(1); // the spies sit on the socket the frames went through
  expect(writeCount).toBeLessThanOrEqual(2);
});
