// Property-based, time-boxed: hostile inputs from the network never crash the engine, never get an
// answer outside the protocol's, and never leave a session behind.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import type { Socket } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

const KNOWN_REASONS = new Set(["transport close", "transport error", "parse error", "payload too large", "forced close"]);
let running: Running;
const reasons: string[] = [];

beforeAll(async () => {
  running = await startEngine({ maxHttpBufferSize: 2000, allowEIO3: true });
  running.engine.on("connection", (s: Socket) => s.on("close", (r: string) => reasons.push(r)));
});
afterAll(async () => {
  for (const id of Object.keys(running.engine.clients)) running.engine.clients[id]?.close(true);
  await until(() => running.engine.clientsCount === 0);
  await running.stop();
});

test("any query string gets a handshake or a protocol error (codes 0-5)", async () => {
  const param = fc.constantFrom("EIO", "transport", "sid", "j", "b64", "t", "x");
  const value = fc.oneof(fc.constantFrom("3", "4", "polling", "websocket", "", "__proto__", "constructor"), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(param, value), { maxLength: 5 }), fc.constantFrom("GET", "POST", "PUT"), async (pairs, method) => {
      const query = new URLSearchParams(pairs).toString();
      const res = await raw(running.port, `/engine.io/?${query}`, { method, body: method === "GET" ? undefined : "4x" });
      if (res.status === 200) {
        // a handshake (v4 "0{", v3 "<len>:0{", JSONP "___eio[") or the answer to a POST on a real sid
        expect(/^(0\{|\d+:0\{|___eio\[|ok$)/.test(res.text)).toBe(true);
      } else {
        expect([400, 403]).toContain(res.status);
        expect(JSON.parse(res.text).code).toBeGreaterThanOrEqual(0);
        expect(JSON.parse(res.text).code).toBeLessThanOrEqual(5);
      }
    }),
    { numRuns: 150, interruptAfterTimeLimit: 8000 },
  );
});

test("any POST body on a polling session: 200 or 413, and the session either lives or closes with a known reason", async () => {
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(fc.oneof(fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "b", "\x1e"), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((parts) => parts.join("")),
    fc.string({ minLength: 1990, maxLength: 2100 }),
  );
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      const { sid } = await rawHandshake(running.port);
      const res = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, { method: "POST", body: text });
      expect([200, 413]).toContain(res.status);
      running.engine.clients[sid]?.close(true);
      await until(() => running.engine.clients[sid] === undefined);
    }),
    { numRuns: 120, interruptAfterTimeLimit: 8000 },
  );
  expect(reasons.every((r) => KNOWN_REASONS.has(r))).toBe(true);
});

test("any WebSocket frame: the session lives or closes with a known reason, nothing throws", async () => {
  const frame = fc.oneof(fc.string({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)));
  await fc.assert(
    fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 5 }), async (frames) => {
      const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
      const [first] = await once<[Buffer]>(ws, "message");
      const sid = JSON.parse(first.toString().slice(1)).sid as string;
      for (const f of frames) ws.send(f);
      await new Promise((r) => setTimeout(r, 5));
      running.engine.clients[sid]?.close(true);
      await until(() => running.engine.clients[sid] === undefined);
      ws.terminate();
    }),
    { numRuns: 60, interruptAfterTimeLimit: 8000 },
  );
  expect(reasons.every((r) => KNOWN_REASONS.has(r))).toBe(true);
  // still serving
  const { sid } = await rawHandshake(running.port);
  expect(running.engine.clients[sid]).toBeDefined();
});
