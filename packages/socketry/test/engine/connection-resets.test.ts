// Connections reset by the peer (a TCP RST) at the moments the engine holds them: an upgrade for a
// path nobody handles (CVE-2022-41940's pattern), an engine upgrade waiting for allowRequest, and a
// long-polling POST in the middle of its body (issue #12, items 1 and 7). The process must survive
// (an "error" on a socket with no listener is an uncaught exception, which fails the run), the
// server must keep serving, and a session whose POST was cut must end and release what it held.
import { connect, type Socket as NetSocket } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EngineOptions } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
/** Exceptions nobody caught during the test (vitest reports them too; this makes the test fail). */
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
  socket.on("error", () => {}); // the client side of a reset is expected
  await once(socket, "connect");
  socket.write(head);
  return socket;
}

function upgradeRequest(path: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
  );
}

/** The server's side of the next upgrade (a listener added after the engine's). */
function nextUpgradeSocket(r: Running): Promise<Duplex> {
  return new Promise((resolve) => r.http.once("upgrade", (_req, socket: Duplex) => resolve(socket)));
}

async function stillServes(r: Running): Promise<void> {
  expect(uncaught.map((error) => error.message)).toEqual([]);
  const hello = await raw(r.port, "/hello");
  expect(hello.text).toBe("world");
  const { sid } = await rawHandshake(r.port);
  expect(r.engine.clients[sid]).toBeDefined();
  r.engine.clients[sid]?.close(true);
}

describe("an upgrade the engine does not handle, reset by the client", () => {
  const cases: Array<[string, EngineOptions]> = [
    ["while waiting for destroyUpgradeTimeout", { destroyUpgradeTimeout: 2000 }],
    ["with destroyUpgrade: false (left to other listeners)", { destroyUpgrade: false }],
  ];
  test.each(cases)("%s: no uncaught error, the server keeps serving", async (_name, options) => {
    running = await startEngine(options);
    const serverSide = nextUpgradeSocket(running);
    const client = await openRaw(running.port, upgradeRequest("/not-the-engine"));
    const socket = await serverSide;
    const closed = once(socket, "close");
    client.resetAndDestroy();
    await closed;
    // Give a thrown "error" the ticks it needs to surface as an uncaught exception.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(socket.destroyed).toBe(true);
    await stillServes(running);
  });
});

describe("an engine upgrade reset by the client while the engine decides", () => {
  test("reset during an asynchronous allowRequest: no uncaught error, no session, the server keeps serving", async () => {
    let asked = 0;
    let answer: (() => void) | undefined;
    running = await startEngine({
      allowRequest: (_req, callback) => {
        asked++;
        if (asked === 1) answer = () => callback(null, true);
        else callback(null, true);
      },
    });
    let connections = 0;
    running.engine.on("connection", () => connections++);
    const serverSide = nextUpgradeSocket(running);
    const client = await openRaw(running.port, upgradeRequest("/engine.io/?EIO=4&transport=websocket"));
    const socket = await serverSide;
    await until(() => answer !== undefined);
    const closed = once(socket, "close");
    client.resetAndDestroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Accepted after the peer left: nothing is opened for a connection that is gone.
    answer?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections).toBe(0);
    expect(running.engine.clientsCount).toBe(0);
    await stillServes(running);
  });
});
