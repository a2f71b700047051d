// Acknowledgements a client should not send — for an id never issued, a second one for the same
// id, one after its timeout() expired — over socketry's own engine: each is ignored, the callback
// runs once, and the connection keeps working.
import WebSocket from "ws";
import { afterEach, expect, test } from "vitest";
import type { Socket } from "socketry";
import { nextConnection, startIo, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

interface Raw {
  ws: WebSocket;
  next(): Promise<string>;
}

async function rawConnect(port: number): Promise<Raw> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  const queue: string[] = [];
  const waiters: Array<(m: string) => void> = [];
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === "2") return void ws.send("3");
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  await new Promise((resolve) => ws.once("open", resolve));
  const next = () => {
    const queued = queue.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise<string>((resolve) => waiters.push(resolve));
  };
  await next(); // Engine.IO open
  return { ws, next };
}

async function connected(): Promise<{ raw: Raw; socket: Socket }> {
  r = await startIo();
  const serverSide = nextConnection(r.io);
  const raw = await rawConnect(r.port);
  raw.ws.send("40");
  expect(await raw.next()).toMatch(/^40\{"sid":"/);
  return { raw, socket: await serverSide };
}

async function stillWorks(raw: Raw, socket: Socket): Promise<void> {
  const got = new Promise((resolve) => socket.once("probe", resolve));
  raw.ws.send('42["probe",1]');
  expect(await got).toBe(1);
  expect(raw.ws.readyState).toBe(WebSocket.OPEN);
}

test("an ACK whose id is past 2^53 is ignored like any id never issued (the official server keeps such a connection)", async () => {
  const { raw, socket } = await connected();
  raw.ws.send(`43${"9".repeat(30)}["x"]`);
  raw.ws.send(`43${Number.MAX_SAFE_INTEGER + 1}["x"]`);
  await stillWorks(raw, socket);
});

test("an ACK for an id never issued is ignored", async () => {
  const { raw, socket } = await connected();
  raw.ws.send('43123["x"]');
  raw.ws.send('431["x"]');
  await stillWorks(raw, socket);
});

test("a second ACK for the same id is ignored: the callback ran once", async () => {
  const { raw, socket } = await connected();
  const calls: unknown[][] = [];
  socket.emit("ask", (...args: unknown[]) => calls.push(args));
  const id = /^42(\d+)\[/.exec(await raw.next())![1];
  raw.ws.send(`43${id}["first"]`);
  raw.ws.send(`43${id}["second"]`);
  await stillWorks(raw, socket);
  expect(calls).toEqual([["first"]]);
});

test("an ACK after its timeout() expired is ignored: the callback ran once, with the timeout error", async () => {
  const { raw, socket } = await connected();
  const calls: unknown[][] = [];
  socket.timeout(30).emit("ask", (...args: unknown[]) => calls.push(args));
  const id = /^42(\d+)\[/.exec(await raw.next())![1];
  await new Promise((resolve) => setTimeout(resolve, 60));
  raw.ws.send(`43${id}["late"]`);
  await stillWorks(raw, socket);
  expect(calls).toHaveLength(1);
  expect(calls[0]![0]).toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
});

test("a late ACK to a broadcast whose timeout() expired is ignored", async () => {
  const { raw, socket } = await connected();
  const result = r!.io
    .timeout(30)
    .emitWithAck("ask")
    .catch((err: unknown) => err);
  const id = /^42(\d+)\[/.exec(await raw.next())![1];
  expect(await result).toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
  raw.ws.send(`43${id}["late"]`);
  await stillWorks(raw, socket);
});
