// Property-based, time-boxed: any POST body on a polling session gets 200 or 413, never crashes the
// engine, and the session either lives or closes with a known reason.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Socket } from "@socketry/engine";
import { raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

const KNOWN_REASONS = new Set([
  "transport close",
  "transport error",
  "parse error",
  "payload too large",
  "forced close",
]);
let running: Running;
const reasons: string[] = [];

beforeAll(async () => {
  running = await startEngine({ maxHttpBufferSize: 2000 });
  running.engine.on("connection", (s: Socket) => s.on("close", (r: string) => reasons.push(r)));
});
afterAll(async () => {
  for (const id of Object.keys(running.engine.clients)) running.engine.clients[id]?.close(true);
  await until(() => running.engine.clientsCount === 0);
  await running.stop();
});

test("any POST body on a polling session: 200 or 413, and the session either lives or closes with a known reason", async () => {
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc
      .array(fc.oneof(fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "b", "\x1e"), fc.string({ maxLength: 20 })), {
        maxLength: 30,
      })
      .map((parts) => parts.join("")),
    fc.string({ minLength: 1990, maxLength: 2100 }),
  );
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      const { sid } = await rawHandshake(running.port);
      const res = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
        method: "POST",
        body: text,
      });
      expect([200, 413]).toContain(res.status);
      running.engine.clients[sid]?.close(true);
      await until(() => running.engine.clients[sid] === undefined);
    }),
    { numRuns: 120, interruptAfterTimeLimit: 8000 },
  );
  expect(reasons.every((r) => KNOWN_REASONS.has(r))).toBe(true);
});
