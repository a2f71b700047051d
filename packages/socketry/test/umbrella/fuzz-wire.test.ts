// Fuzzing over real sockets: random Socket.IO packets — malformed, nested deep, binary with
// attachments, for known, unknown and dynamic namespaces — sent by raw WebSocket clients to the
// real server (engine, transports, parser, server) for a bounded time. After every case the
// process is still here, the fuzzed connection either still answers or was closed, and a
// well-behaved official client is still served.
import fc from "fast-check";
import WebSocket from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Socket } from "socketry";
import { pair, startIo, type Running } from "./helpers.js";

let r: Running;
const received: unknown[][] = [];
beforeAll(async () => {
  r = await startIo({ maxChildNamespaces: 50 });
  r.io.of("/admin");
  r.io.of(/^\/dyn-\d+$/);
  const listen = (socket: Socket) => {
    socket.onAny((...args: unknown[]) => received.push(args));
    socket.on("echo", (value: unknown, ack?: (v: unknown) => void) => typeof ack === "function" && ack(value));
    // Anything asking for an ack gets one, so fuzzed ACK ids meet real ones too.
    socket.emit("ask", () => {});
  };
  r.io.on("connection", listen);
  r.io.of("/admin").on("connection", listen);
});
afterAll(async () => {
  await r.close();
});

/** Nested arrays `depth` levels deep, as text: "[[[...]]]". */
const nested = fc.integer({ min: 1, max: 20_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));

const packetText = fc
  .tuple(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "9", "x", ""),
    fc.constantFrom("", "1-", "2-", "0-", "99-", "-"),
    fc.constantFrom("", "/admin,", "/nope,", "/dyn-1,", "/dyn-77,", "/__proto__,", "nsp,"),
    fc.constantFrom("", "0", "1", "12", "-1", "9007199254740993"),
    fc.oneof(
      fc.json(),
      nested,
      nested.map((inner) => `["echo",${inner}]`),
      fc.constantFrom(
        '["echo","x"]',
        '["error","x"]',
        '["__proto__",{}]',
        '["disconnect"]',
        '[{"_placeholder":true,"num":0}]',
        "[",
        '{"a":',
        "",
      ),
      fc.string(),
    ),
  )
  .map(([type, attachments, nsp, id, data]) => type + attachments + nsp + id + data);

/** A binary event whose placeholder sits deep inside nested arrays, then its attachment. */
const deepBinary = fc.integer({ min: 1, max: 20_000 }).map((depth) => ({
  text: `51-["echo",${"[".repeat(depth)}{"_placeholder":true,"num":0}${"]".repeat(depth)}]`,
  // biome-ignore lint/suspicious/noThenProperty: hostile data: a thenable-looking object must stay plain data
  then: Buffer.from([1, 2, 3]),
}));

const message = fc.oneof(
  { weight: 5, arbitrary: packetText.map((text) => ({ text })) },
  { weight: 1, arbitrary: deepBinary },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((bytes) => ({ binary: Buffer.from(bytes) })) },
);

interface Raw {
  ws: WebSocket;
  closed: boolean;
  packets: string[];
}

async function openRaw(port: number): Promise<Raw> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  const raw: Raw = { ws, closed: false, packets: [] };
  ws.on("error", () => {});
  ws.on("close", () => (raw.closed = true));
  ws.on("message", (data, isBinary) => {
    const text = isBinary ? "<binary>" : data.toString();
    if (text === "2") ws.send("3");
    else raw.packets.push(text);
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return raw;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection answers a ping with a pong, unless it was closed meanwhile. */
async function answersOrClosed(raw: Raw): Promise<boolean> {
  if (raw.closed) return true;
  const before = raw.packets.length;
  raw.ws.send("2probe");
  for (let i = 0; i < 100 && !raw.closed; i++) {
    if (raw.packets.slice(before).includes("3probe")) return true;
    await settle(10);
  }
  return raw.closed;
}

test("random and deeply nested packets never take the server down (bounded: 15 s)", async () => {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(message, { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      async (messages, connectFirst) => {
        cases++;
        const raw = await openRaw(r.port);
        try {
          if (connectFirst) raw.ws.send("40");
          for (const m of messages) {
            if ("binary" in m) {
              raw.ws.send(m.binary);
              continue;
            }
            raw.ws.send("4" + m.text);
            if ("then" in m) raw.ws.send(m.then);
          }
          await settle(5);
          expect(await answersOrClosed(raw)).toBe(true);
        } finally {
          raw.ws.terminate();
        }
      },
    ),
    { numRuns: 400, interruptAfterTimeLimit: 15_000 },
  );
  expect(cases).toBeGreaterThan(20);
  // Still serving: an official client round-trips an acknowledgement.
  const client = r.v4("/", { transports: ["websocket"] });
  await pair(r.io, client);
  expect(await client.timeout(5_000).emitWithAck("echo", "still here")).toBe("still here");
  // The dynamic parent's cap held, whatever the fuzzer asked for.
  expect([...r.io._nsps.keys()].filter((name) => name.startsWith("/dyn-")).length).toBeLessThanOrEqual(50);
}, 60_000);
