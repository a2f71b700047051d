// A long-polling POST reset by the peer (a TCP RST) in the middle of its body: the process survives
// (an "error" on a socket with no listener would be an uncaught exception), the session ends and
// releases what it held, and the server keeps serving.
import { connect, type Socket as NetSocket } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { once, raw, rawHandshake, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
let uncaught: Error[] = [];
const recordUncaught = (error: Error) => uncaught.push(error);
beforeEach(() => {
  uncaught = [];
  process.on("uncaughtException", recordUncaught);
});
afterEach(async () => {
  process.off("uncaughtException", recordUncaught);
  await running?.stop();
  running = undefined;
});

/** A raw TCP connection that has sent `head` (request line and headers, maybe a partial body). */
async function openRaw(port: number, head: string): Promise<NetSocket> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  socket.write(head);
  return socket;
}

async function stillServes(r: Running): Promise<void> {
  expect(uncaught.map((error) => error.message)).toEqual([]);
  expect((await raw(r.port, "/hello")).text).toBe("world");
  const { sid } = await rawHandshake(r.port);
  expect(r.engine.clients[sid]).toBeDefined();
  r.engine.clients[sid]?.close(true);
}

describe("a long-polling POST reset in the middle of its body", () => {
  test("closes its session ('transport error') and releases it", async () => {
    running = await startEngine({ pingInterval: 60_000, pingTimeout: 60_000 });
    const { sid } = await rawHandshake(running.port);
    const session = running.engine.clients[sid];
    expect(session).toBeDefined();
    const closed = once<[string]>(session!, "close", 3000);
    const arrived = new Promise<void>((resolve) => running!.http.once("request", () => resolve()));
    const client = await openRaw(
      running.port,
      `POST /engine.io/?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4hello`,
    );
    await arrived;
    client.resetAndDestroy();
    const [reason] = await closed;
    expect(reason).toBe("transport error");
    expect(running.engine.clients[sid]).toBeUndefined();
    expect(running.engine.clientsCount).toBe(0);
    expect(session!.writeBuffer).toEqual([]);
    await stillServes(running);
  });
});
