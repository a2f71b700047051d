// Property-based, time-boxed: any WebSocket frames on a session never crash the engine; the session
// lives or closes with a known reason.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Socket } from "@socketry/engine";
import { openRaw, startEngine, until, type Running } from "./helpers.js";

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

test("any WebSocket frame: the session lives or closes with a known reason, nothing throws", async () => {
  const frame = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a)),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 5 }), async (frames) => {
      const { ws, sid } = await openRaw(running.port);
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
  const { ws, sid } = await openRaw(running.port);
  expect(running.engine.clients[sid]).toBeDefined();
  ws.terminate();
});
