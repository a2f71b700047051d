// A flush of several packets over WebSocket leaves in one corked write, not one write per frame,
// and the frames still arrive whole and in order; over long-polling one answer carries them.
import { Socket as NetSocket } from "node:net";
import { afterEach, expect, test, vi } from "vitest";
import { Socket as ClientSocket } from "engine.io-client";
import type { Socket } from "socketry/engine";
import { once, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
let client: ClientSocket | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  client?.close();
  client = undefined;
  await running?.stop();
  running = undefined;
});

/** A client on the given transport and the server's side of its session. */
async function connectOnly(transport: "websocket" | "polling"): Promise<{ socket: Socket; received: unknown[] }> {
  running = await startEngine();
  const connection = once<Socket>(running.engine, "connection");
  client = new ClientSocket(running.url, { transports: [transport] });
  await once(client, "open");
  const socket = await connection;
  const received: unknown[] = [];
  client.on("message", (data) => received.push(data));
  return { socket, received };
}

test("packets queued behind a pending write go out as one corked batch, in order", async () => {
  const { socket, received } = await connectOnly("websocket");
  const serverSocket = (socket.request as { socket: NetSocket }).socket;
  // Count the writes the server's TCP socket hands to the OS (writev for a batch, write for one).
  const raw = serverSocket as NetSocket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  const writes = [vi.spyOn(raw, "_write"), vi.spyOn(raw, "_writev")];
  // The first send leaves at once; the next ones wait in the write buffer for its callback and
  // are then flushed together.
  for (let i = 0; i < 6; i++) socket.send(`m${i}`);
  await until(() => received.length === 6);
  expect(received).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
  // The first packet's write, then one for the five that waited behind it (not one per frame).
  const writeCount = writes.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  expect(writeCount).toBeGreaterThanOrEqual(1); // the spies sit on the socket the frames went through
  expect(writeCount).toBeLessThanOrEqual(2);
});

test("over long-polling, the packets written in one tick share one answer and their send callbacks run once it is sent", async () => {
  const { socket, received } = await connectOnly("polling");
  // Wait for the client's poll to be pending, so the three sends below find it open.
  await until(() => socket.transport.writable);
  const sent: string[] = [];
  for (const text of ["a", "b", "c"]) socket.send(text, () => sent.push(text));
  expect(sent).toEqual([]); // nothing is answered before the tick ends
  await until(() => received.length === 3);
  expect(received).toEqual(["a", "b", "c"]);
  expect(sent).toEqual(["a", "b", "c"]);
  // The next message waits for the next poll; its callback runs once, when that poll is answered.
  socket.send("d", () => sent.push("d"));
  await until(() => received.length === 4);
  expect(sent).toEqual(["a", "b", "c", "d"]);
});
