// Review finding: an engine "headers" / "initial_headers" hook that copies client input into a
// header (a query value is percent-decoded: "%0d%0a" is a real CR LF) made node:http throw inside
// the engine on a polling answer (an uncaught exception from the request handler: the process
// ends), and wrote the value raw into a WebSocket 101 answer (lines of the client's choosing).
// Such headers are dropped now; valid ones still go out.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { Server } from "socketry/engine";
import { raw, rawUpgrade } from "./helpers.js";

type Query = Record<string, string>;

interface Harness {
  engine: Server;
  http: HttpServer;
  port: number;
  escaped: unknown[];
}

/** An engine whose hooks reflect `?room=` into X-Room (every answer) and X-First (handshakes). */
async function harness(): Promise<Harness> {
  const engine = new Server();
  engine.on("headers", (headers, req) => {
    const room = (req as typeof req & { _query: Query })._query.room;
    if (room !== undefined) headers["X-Room"] = room;
  });
  engine.on("initial_headers", (headers, req) => {
    const room = (req as typeof req & { _query: Query })._query.room;
    if (room !== undefined) headers["X-First"] = room;
  });
  const escaped: unknown[] = [];
  const http = createServer((req, res) => {
    try {
      engine.handleRequest(req, res);
    } catch (error) {
      escaped.push(error);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  http.on("upgrade", (req, socket, head) => engine.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { engine, http, port: (http.address() as AddressInfo).port, escaped };
}

const INJECTED = "lobby%0d%0aSet-Cookie:%20injected=1";

describe("engine header hooks fed with client input", () => {
  let current: Harness | undefined;
  afterEach(async () => {
    if (current === undefined) return;
    current.engine.close();
    current.http.closeAllConnections();
    await new Promise<void>((resolve) => current?.http.close(() => resolve()));
    current = undefined;
  });

  test("polling: nothing throws out of the engine, the handshake is answered without the bad headers", async () => {
    current = await harness();
    const res = await raw(current.port, `/engine.io/?EIO=4&transport=polling&room=${INJECTED}`);
    expect(current.escaped).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.text.startsWith("0{")).toBe(true);
    expect(res.headers["x-room"]).toBeUndefined();
    expect(res.headers["x-first"]).toBeUndefined();
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(current.engine.clientsCount).toBe(1);
  });

  test("websocket: the 101 answer carries no injected line, and the session opens", async () => {
    current = await harness();
    const head = await rawUpgrade(current.port, `room=${INJECTED}`);
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).not.toMatch(/^Set-Cookie: injected=1$/im);
    expect(head).not.toMatch(/^X-Room:/im);
  });

  test("valid values from the hooks still go out, on polling and on the 101", async () => {
    current = await harness();
    const res = await raw(current.port, "/engine.io/?EIO=4&transport=polling&room=lobby");
    expect(res.headers["x-room"]).toBe("lobby");
    expect(res.headers["x-first"]).toBe("lobby");
    const head = await rawUpgrade(current.port, "room=lobby");
    expect(head).toMatch(/^X-Room: lobby$/im);
    expect(head).toMatch(/^X-First: lobby$/im);
  });
});
