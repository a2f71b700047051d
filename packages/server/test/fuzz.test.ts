// Property-based: whatever a client sends after connecting, the server never throws, either keeps
// the session or closes it with every socket released, and keeps serving a well-behaved client.
// Runs in-process on fake engine sessions, so hundreds of cases take well under a second.
import { EventEmitter } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Server, type Socket } from "../src/index.js";

class FakeConn extends EventEmitter {
  static next = 0;
  readonly id = `fake${FakeConn.next++}`;
  readonly protocol = 4;
  readyState = "open";
  readonly transport = { name: "websocket", writable: true };
  readonly request = { headers: {}, url: "/socket.io/?EIO=4&transport=websocket", socket: {} } as any;
  readonly written: unknown[] = [];
  write(data: unknown): void {
    this.written.push(data);
  }
  close(): void {
    if (this.readyState !== "open") return;
    this.readyState = "closed";
    this.emit("close", "forced close");
  }
}

const ticks = () => new Promise((resolve) => setImmediate(resolve));

/** Socket.IO-ish text: a type digit, maybe attachments, a namespace, an id, then JSON-ish data. */
const packetText = fc
  .tuple(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "9", "x", ""),
    fc.option(fc.constantFrom("1-", "2-", "0-", "99-", "-"), { nil: "" }),
    fc.option(fc.constantFrom("/", "/admin,", "/nope,", "/__proto__,", "nsp,", "/a/b,"), { nil: "" }),
    fc.option(fc.constantFrom("0", "12", "-1", "9007199254740993", "1e3"), { nil: "" }),
    fc.oneof(
      fc.json(),
      fc.constantFrom(
        '["ev"]',
        '["__proto__",{}]',
        '["disconnect"]',
        '["error"]',
        "[",
        '{"a":',
        "[1]",
        '[{"_placeholder":true,"num":0}]',
        "",
      ),
      fc.string(),
    ),
  )
  .map(([type, att, nsp, id, data]) => type + att + nsp + id + data);

describe("fuzzed packets", () => {
  it("never crash the server nor leak sockets of closed sessions", async () => {
    const engine = Object.assign(new EventEmitter(), { close() {} });
    const io = new Server({ connectTimeout: 60_000 }).bind(engine);
    io.of("/admin");
    const events: unknown[] = [];
    io.on("connection", (socket: Socket) => socket.onAny((...args: unknown[]) => events.push(args)));
    const conns: FakeConn[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(packetText, fc.uint8Array({ maxLength: 8 })), { minLength: 1, maxLength: 5 }),
        async (chunks) => {
          const conn = new FakeConn();
          conns.push(conn);
          engine.emit("connection", conn);
          conn.emit("data", "0");
          await ticks();
          for (const chunk of chunks) {
            expect(() => conn.emit("data", typeof chunk === "string" ? chunk : Buffer.from(chunk))).not.toThrow();
          }
          await ticks();
          await ticks();
          if (conn.readyState !== "open") {
            for (const nsp of io._nsps.values())
              for (const socket of nsp.sockets.values()) expect(socket.conn).not.toBe(conn);
          }
        },
      ),
      { numRuns: 300 },
    );
    // A well-behaved session still gets its CONNECT answer.
    const good = new FakeConn();
    engine.emit("connection", good);
    good.emit("data", "0");
    await ticks();
    expect(String(good.written.at(-1))).toMatch(/^0\{"sid":"/);
    for (const conn of conns) conn.close();
    expect(io.sockets.sockets.size).toBe(1);
    await io.close();
  });
});
