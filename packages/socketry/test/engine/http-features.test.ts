// Polling over plain HTTP: content types, httpCompression, cors (preflight too), cookie, header hooks.
import { gunzipSync, inflateSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { Socket } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function sessionWithMessage(options: Record<string, unknown>, message: string) {
  running = await startEngine(options);
  running.engine.on("connection", (s: Socket) => s.send(message));
  const { sid } = await rawHandshake(running.port);
  return sid;
}

describe("polling responses", () => {
  test("payload answers are never cached (Cache-Control: no-store)", async () => {
    running = await startEngine();
    const { response } = await rawHandshake(running.port);
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  test("content types: payloads are text/plain UTF-8, a POST answers ok as text/html", async () => {
    const sid = await sessionWithMessage({}, "hi");
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.headers["content-type"]).toBe("text/plain; charset=UTF-8");
    expect(poll.text).toBe("4hi");
    const post = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: "4a\x1e4b",
    });
    expect(post.status).toBe(200);
    expect(post.headers["content-type"]).toBe("text/html");
    expect(post.text).toBe("ok");
  });

  test.each([
    ["gzip", gunzipSync],
    ["deflate", inflateSync],
  ])("httpCompression: %s above the threshold when accepted", async (encoding, inflate) => {
    const big = "x".repeat(5000);
    const sid = await sessionWithMessage({}, big);
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, { headers: { "Accept-Encoding": encoding } });
    expect(poll.headers["content-encoding"]).toBe(encoding);
    expect(Number(poll.headers["content-length"])).toBe(poll.body.length);
    expect(poll.body.length).toBeLessThan(big.length);
    expect(inflate(poll.body).toString()).toBe(`4${big}`);
  });

  test("httpCompression: nothing below the threshold, nothing when off, nothing when not accepted", async () => {
    const small = await sessionWithMessage({}, "y".repeat(100));
    const a = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${small}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(a.headers["content-encoding"]).toBeUndefined();
    await running!.stop();

    const off = await sessionWithMessage({ httpCompression: false }, "y".repeat(5000));
    const b = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${off}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(b.headers["content-encoding"]).toBeUndefined();
    expect(b.text).toBe(`4${"y".repeat(5000)}`);
    await running!.stop();

    const plain = await sessionWithMessage({}, "y".repeat(5000));
    const c = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${plain}`, { headers: { "Accept-Encoding": "br" } });
    expect(c.headers["content-encoding"]).toBeUndefined();
  });

  test("httpCompression threshold is configurable", async () => {
    const sid = await sessionWithMessage({ httpCompression: { threshold: 10 } }, "z".repeat(50));
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(poll.headers["content-encoding"]).toBe("gzip");
  });
});

describe("cors", () => {
  test("no cors headers unless configured", async () => {
    running = await startEngine();
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling", { headers: { Origin: "http://a.test" } });
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
