// Over long-polling, with the official client, the packets of one tick share one answer (the
// WebSocket batching is tested in packages/transport-websocket).
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
