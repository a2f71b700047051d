// Property-based, time-boxed: hostile query strings never crash the engine and never get an answer
// outside the protocol's (each transport fuzzes its own input in its package).
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { raw, startEngine, until, type Running } from "./helpers.js";

let running: Running;

beforeAll(async () => {
  running = await startEngine({ maxHttpBufferSize: 2000, allowEIO3: true });
});
afterAll(async () => {
  for (const id of Object.keys(running.engine.clients)) running.engine.clients[id]?.close(true);
  await until(() => running.engine.clientsCount === 0);
  await running.stop();
});

test("any query string gets a handshake or a protocol error (codes 0-5)", async () => {
  const param = fc.constantFrom("EIO", "transport", "sid", "j", "b64", "t", "x");
  const value = fc.oneof(
    fc.constantFrom("3", "4", "polling", "websocket", "", "__proto__", "constructor"),
    fc.string({ maxLength: 8 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(param, value), { maxLength: 5 }),
      fc.constantFrom("GET", "POST", "PUT"),
      async (pairs, method) => {
        const query = new URLSearchParams(pairs).toString();
        const res = await raw(running.port, `/engine.io/?${query}`, {
          method,
          body: method === "GET" ? undefined : "4x",
        });
        if (res.status === 200) {
          // a handshake (v4 "0{", v3 "<len>:0{", JSONP "___eio[") or the answer to a POST on a real sid
          expect(/^(0\{|\d+:0\{|___eio\[|ok$)/.test(res.text)).toBe(true);
        } else {
          expect([400, 403]).toContain(res.status);
          expect(JSON.parse(res.text).code).toBeGreaterThanOrEqual(0);
          expect(JSON.parse(res.text).code).toBeLessThanOrEqual(5);
        }
      },
    ),
    { numRuns: 150, interruptAfterTimeLimit: 8000 },
  );
});
