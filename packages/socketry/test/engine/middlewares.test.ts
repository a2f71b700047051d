// engine.use(middleware): Express-style middlewares on every Engine.IO HTTP request and upgrade,
// in order, before the engine; on an upgrade they get a stand-in response whose headers go into
// the 101 answer. Hand-written middlewares that do what helmet (setHeader), express-session (a
// cookie set when the headers are written, through a wrapped writeHead) and a gatekeeper (an
// answer of its own) do.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { ConnectionError } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

type Next = (error?: unknown) => void;

/**
 * Adds its cookie when the response headers are written, after the headers given to writeHead and
 * next to any Set-Cookie already there, as express-session does (through on-headers).
 */
function cookieOnWriteHead(req: IncomingMessage, res: ServerResponse, next: Next): void {
  const original = res.writeHead;
  res.writeHead = function (this: ServerResponse, status?: number, headers?: Record<string, string | string[]>) {
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    const previous = res.getHeader("Set-Cookie") ?? [];
    res.setHeader("Set-Cookie", [
      ...(Array.isArray(previous) ? previous : [String(previous)]),
      `session=${req.method}`,
    ]);
    return (original as (status?: number) => ServerResponse).call(this, status);
  } as typeof res.writeHead;
  next();
}

function wsUpgrade(r: Running, query = "EIO=4&transport=websocket"): WebSocket {
  const ws = new WebSocket(`ws://127.0.0.1:${r.port}/engine.io/?${query}`);
  ws.on("error", () => {});
  return ws;
}

describe("polling", () => {
  test("middlewares run in order on the handshake and on every request of the session", async () => {
    running = await startEngine();
    const order: string[] = [];
    running.engine.use((req, res, next) => {
      order.push(`a:${req.method}`);
      res.setHeader("X-Frame-Options", "SAMEORIGIN");
      next();
    });
    running.engine.use((req, _res, next) => {
      order.push(`b:${req.method}`);
      setTimeout(next, 5); // asynchronous middlewares are waited for
    });
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    const post = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      body: "4hi",
    });
    expect(post.status).toBe(200);
    expect(post.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(order).toEqual(["a:GET", "b:GET", "a:POST", "b:POST"]);
  });

  test("a header set when the response is written (express-session's way) reaches the handshake answer", async () => {
    running = await startEngine({ cookie: true });
    running.engine.use(cookieOnWriteHead);
    const { sid, response } = await rawHandshake(running.port);
    const cookies = response.headers["set-cookie"] ?? [];
    expect(cookies).toHaveLength(2);
    expect(cookies[0]?.startsWith(`io=${sid};`)).toBe(true);
    expect(cookies[1]).toBe("session=GET");
    expect(running.engine.clients[sid]).toBeDefined();
  });

  test("an error passed to next refuses the request: 400, code 3, context MIDDLEWARE_FAILURE", async () => {
    running = await startEngine();
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e) => errors.push(e));
    running.engine.use((_req, _res, next) => next(new Error("will always fail")));
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 3, message: "Bad request" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 3, message: "Bad request", context: { name: "MIDDLEWARE_FAILURE" } });
    expect(running.engine.clientsCount).toBe(0);
  });

  test("a middleware that throws is refused the same way; one that answers ends the request", async () => {
    running = await startEngine();
    running.engine.use((req, res, next) => {
      if (req.headers["x-mode"] === "throw") throw new Error("boom");
      if (req.headers["x-mode"] === "answer") {
        res.writeHead(503);
        res.end();
        return;
      }
      next();
    });
    const thrown = await raw(running.port, "/engine.io/?EIO=4&transport=polling", { headers: { "x-mode": "throw" } });
    expect(thrown.status).toBe(400);
    const answered = await raw(running.port, "/engine.io/?EIO=4&transport=polling", {
      headers: { "x-mode": "answer" },
    });
    expect(answered.status).toBe(503);
    expect(running.engine.clientsCount).toBe(0);
  });

  test("use() refuses what is not a function", async () => {
    running = await startEngine();
    expect(() => running!.engine.use("nope" as never)).toThrow(
      expect.objectContaining({ code: "ERR_ENGINE_INVALID_OPTION" }),
    );
  });
});

describe("websocket upgrades", () => {
  test("headers set by middlewares, and at writeHead, are in the 101 answer", async () => {
    running = await startEngine();
    running.engine.use((_req, res, next) => {
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("x-content-type-options", "nosniff"); // the same header, set twice: one line
      next();
    });
    running.engine.use(cookieOnWriteHead);
    const ws = wsUpgrade(running);
    const opened = once<[Buffer]>(ws, "message");
    const res = await once<IncomingMessage>(ws, "upgrade");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["set-cookie"]).toEqual(["session=GET"]);
    const [data] = await opened;
    expect(String(data).startsWith("0{")).toBe(true);
    ws.close();
  });

  test("the engine's cookie goes next to a middleware's, not over it", async () => {
    running = await startEngine({ cookie: { name: "eio" } });
    running.engine.use(cookieOnWriteHead);
    const ws = wsUpgrade(running);
    const res = await once<IncomingMessage>(ws, "upgrade");
    const cookies = res.headers["set-cookie"] ?? [];
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toBe("session=GET");
    expect(cookies[1]?.startsWith("eio=")).toBe(true);
    ws.close();
  });

  test("a middleware that answers refuses the upgrade with its status; an error refuses it with 400", async () => {
    running = await startEngine();
    let connections = 0;
    running.engine.on("connection", () => connections++);
    running.engine.use((req, res, next) => {
      if (req.headers["x-mode"] === "fail") return next(new Error("no"));
      res.writeHead(503);
      res.end();
    });
    const refused = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    refused.on("error", () => {});
    const [, answer] = await once<[unknown, IncomingMessage]>(refused, "unexpected-response");
    expect(answer.statusCode).toBe(503);
    const failed = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`, {
      headers: { "x-mode": "fail" },
    });
    failed.on("error", () => {});
    const [, failure] = await once<[unknown, IncomingMessage]>(failed, "unexpected-response");
    expect(failure.statusCode).toBe(400);
    expect(connections).toBe(0);
  });

  test("cors (configured) runs first on upgrades too; cors: true reflects the origin", async () => {
    running = await startEngine({ cors: true });
    const polled = await raw(running.port, "/engine.io/?EIO=4&transport=polling", {
      headers: { Origin: "http://app.test" },
    });
    expect(polled.headers["access-control-allow-origin"]).toBe("http://app.test");
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`, {
      headers: { Origin: "http://app.test" },
    });
    const res = await once<IncomingMessage>(ws, "upgrade");
    expect(res.headers["access-control-allow-origin"]).toBe("http://app.test");
    ws.close();
    expect(running.engine.opts.cors).toBe(true);
  });
});
