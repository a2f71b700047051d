// The engine over the default transports: cors (preflight too), cookie, header hooks (polling and
// websocket). Polling's own answers (content types, httpCompression) are tested in
// packages/transport-polling.
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { once, raw, rawHandshake, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("cors", () => {
  test("no cors headers unless configured", async () => {
    running = await startEngine();
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling", {
      headers: { Origin: "http://a.test" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("cors headers on handshake, polls and errors; preflight answered with 204", async () => {
    running = await startEngine({ cors: { origin: "http://a.test", credentials: true } });
    const hs = await raw(running.port, "/engine.io/?EIO=4&transport=polling", { headers: { Origin: "http://a.test" } });
    expect(hs.headers["access-control-allow-origin"]).toBe("http://a.test");
    expect(hs.headers["access-control-allow-credentials"]).toBe("true");
    const error = await raw(running.port, "/engine.io/?EIO=4&transport=nope", { headers: { Origin: "http://a.test" } });
    expect(error.status).toBe(400);
    expect(error.headers["access-control-allow-origin"]).toBe("http://a.test");
    const preflight = await raw(running.port, "/engine.io/?EIO=4&transport=polling", {
      method: "OPTIONS",
      headers: { Origin: "http://a.test", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://a.test");
    expect(preflight.headers["access-control-allow-methods"]).toContain("POST");
    expect(running.engine.clientsCount).toBe(1);
  });
});

describe("cookie", () => {
  test("no cookie by default", async () => {
    running = await startEngine();
    const { response } = await rawHandshake(running.port);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  test("cookie: true sets io=<sid> with the official attributes, on the handshake only", async () => {
    running = await startEngine({ cookie: true });
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["set-cookie"]).toEqual([`io=${sid}; Path=/; HttpOnly; SameSite=Lax`]);
    running.engine.clients[sid]?.send("x");
    const poll = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.headers["set-cookie"]).toBeUndefined();
  });

  test("custom cookie options, also on a websocket handshake", async () => {
    running = await startEngine({ cookie: { name: "eio", maxAge: 60, sameSite: "strict" } });
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["set-cookie"]).toEqual([`eio=${sid}; Max-Age=60; Path=/; HttpOnly; SameSite=Strict`]);
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    const opened = once<[Buffer]>(ws, "message");
    const res = await once<{ headers: Record<string, string[]> }>(ws, "upgrade");
    const open = (await opened)[0].toString();
    const wsSid = JSON.parse(open.slice(1)).sid as string;
    expect(res.headers["set-cookie"]).toEqual([`eio=${wsSid}; Max-Age=60; Path=/; HttpOnly; SameSite=Strict`]);
    ws.close();
  });
});

describe("header hooks", () => {
  test("initial_headers on the handshake only, headers on every response (polling and websocket)", async () => {
    running = await startEngine();
    running.engine.on("initial_headers", (headers) => void (headers["X-Initial"] = "1"));
    running.engine.on("headers", (headers) => void (headers["X-Every"] = "1"));
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["x-initial"]).toBe("1");
    expect(response.headers["x-every"]).toBe("1");
    running.engine.clients[sid]?.send("x");
    const poll = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.headers["x-initial"]).toBeUndefined();
    expect(poll.headers["x-every"]).toBe("1");
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    const res = await once<{ headers: Record<string, string> }>(ws, "upgrade");
    expect(res.headers["x-initial"]).toBe("1");
    expect(res.headers["x-every"]).toBe("1");
    ws.close();
  });

  test("allowRequest changing req._query cannot re-route a checked request (polling and websocket)", async () => {
    running = await startEngine({
      allowRequest: (req, cb) => {
        const query = (req as { _query?: Record<string, string> })._query as Record<string, string>;
        query.transport = "nope";
        query.EIO = "2";
        cb(null, true);
      },
    });
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(200);
    expect(res.text.startsWith("0{")).toBe(true);
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    const [data] = await once<[Buffer]>(ws, "message");
    expect(String(data).startsWith("0{")).toBe(true);
    expect(running.engine.clientsCount).toBe(2);
    ws.close();
  });

  test("allowRequest refusal: 403 with the user's message, on polling and websocket", async () => {
    running = await startEngine({ allowRequest: (_req, cb) => cb("not today", false) });
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ code: 4, message: "not today" });
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    ws.on("error", () => {});
    const [, upgradeRes] = await once<[unknown, { statusCode: number }]>(ws, "unexpected-response");
    expect(upgradeRes.statusCode).toBe(403);
    expect(running.engine.clientsCount).toBe(0);
  });
});
