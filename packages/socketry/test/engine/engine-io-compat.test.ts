// What code written for engine.io relies on, beyond the wire protocol: the error codes and the
// `connection_error` event, a handshake without EIO, the cookie forms, headers and their hooks,
// per-message compression, ready WebSocket frames, socket internals read at close, and the
// engine()/listen() call forms.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { BaseServer, listen, Server, type ConnectionError, type ErrorCallback, type Socket } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function collectErrors(r: Running): ConnectionError[] {
  const errors: ConnectionError[] = [];
  r.engine.on("connection_error", (e) => errors.push(e));
  return errors;
}

test("engine.io's BaseServer and ErrorCallback names exist: the engine is a BaseServer", () => {
  const engine = new Server();
  expect(engine).toBeInstanceOf(BaseServer);
  engine.close();
  const callback: ErrorCallback = (code, context) => void [code, context?.message];
  callback(Server.errors.BAD_REQUEST, { name: "TRANSPORT_MISMATCH", message: "Bad request" });
});

describe("errors", () => {
  test("Server.errors and Server.errorMessages are the protocol's codes 0-5", () => {
    expect(Server.errors).toEqual({
      UNKNOWN_TRANSPORT: 0,
      UNKNOWN_SID: 1,
      BAD_HANDSHAKE_METHOD: 2,
      BAD_REQUEST: 3,
      FORBIDDEN: 4,
      UNSUPPORTED_PROTOCOL_VERSION: 5,
    });
    expect(Server.errorMessages[4]).toBe("Forbidden");
  });

  test("an allowRequest refusal: connection_error says Forbidden, the client gets the callback's message", async () => {
    running = await startEngine({ allowRequest: (_req, cb) => cb("Thou shall not pass", false) });
    const errors = collectErrors(running);
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ code: 4, message: "Thou shall not pass" });
    expect(errors[0]).toMatchObject({
      code: 4,
      message: "Forbidden",
      context: { name: "FORBIDDEN", message: "Thou shall not pass" },
    });
    expect(errors[0]?.req).toBeDefined();
  });

  test("a WebSocket handshake over plain HTTP is TRANSPORT_HANDSHAKE_ERROR (code 3)", async () => {
    running = await startEngine();
    const errors = collectErrors(running);
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=websocket");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 3, message: "Bad request" });
    expect(errors[0]?.context.name).toBe("TRANSPORT_HANDSHAKE_ERROR");
  });

  test("an overridden prepare() runs before the checks (it may change the request)", async () => {
    running = await startEngine();
    const errors = collectErrors(running);
    const engine = running.engine;
    engine.prepare = (req: IncomingMessage) => {
      Server.prototype.prepare.call(engine, req);
      req.headers.origin = "http://a.test/\n";
    };
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling", {
      headers: { Origin: "http://a.test/" },
    });
    expect(res.status).toBe(400);
    expect(errors[0]?.context).toEqual({ name: "INVALID_ORIGIN", origin: "http://a.test/\n" });
  });
});

describe("protocol version", () => {
  test("no EIO means v3: accepted with allowEIO3, refused with code 5 and a numeric protocol without it", async () => {
    running = await startEngine({ allowEIO3: true });
    const v3 = await raw(running.port, "/engine.io/?transport=polling");
    expect(v3.status).toBe(200);
    expect(v3.text).toMatch(/^\d+:0\{/); // a v3 payload: length-prefixed
    await running.stop();
    running = await startEngine();
    const errors = collectErrors(running);
    const refused = await raw(running.port, "/engine.io/?transport=polling");
    expect(JSON.parse(refused.text)).toEqual({ code: 5, message: "Unsupported protocol version" });
    expect(errors[0]?.context).toEqual({ name: "UNSUPPORTED_PROTOCOL_VERSION", protocol: 3 });
  });

  test("socketry is stricter on an EIO it does not speak: refused even with allowEIO3", async () => {
    running = await startEngine({ allowEIO3: true });
    const errors = collectErrors(running);
    const res = await raw(running.port, "/engine.io/?EIO=5&transport=polling");
    expect(res.status).toBe(400);
    expect(errors[0]?.context).toEqual({ name: "UNSUPPORTED_PROTOCOL_VERSION", protocol: 5 });
  });
});

describe("cookie and headers", () => {
  test.each([
    [{ path: false }, "io=SID; HttpOnly; SameSite=Lax"],
    [{ httpOnly: false }, "io=SID; Path=/; SameSite=Lax"],
    [{ httpOnly: "no" }, "io=SID; Path=/; HttpOnly; SameSite=Lax"],
    [{ name: "woot", sameSite: "strict" }, "woot=SID; Path=/; HttpOnly; SameSite=Strict"],
  ])("cookie %o", async (cookie, expected) => {
    running = await startEngine({ cookie: cookie as never });
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["set-cookie"]).toEqual([expected.replace("SID", sid)]);
  });

  test("X-XSS-Protection: 0 for old IE, cache-control on every polling answer, the transport's headers event", async () => {
    running = await startEngine();
    const ie11 = "Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko";
    const { sid, response } = await rawHandshake(running.port);
    expect(response.headers["x-xss-protection"]).toBeUndefined();
    const session = running.engine.clients[sid] as Socket;
    const seen = once<[Record<string, string>]>(session.transport, "headers");
    session.send("hi");
    const poll = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      headers: { "User-Agent": ie11 },
    });
    expect(poll.headers["x-xss-protection"]).toBe("0");
    expect(poll.headers["cache-control"]).toBe("no-store");
    const [headers] = await seen;
    expect(headers["cache-control"]).toBe("no-store");
  });

  test("websocket initial_headers: a hook's set-cookie replaces the engine's (one line), as setHeader would", async () => {
    running = await startEngine({ cookie: true });
    let initial = 0;
    running.engine.on("initial_headers", (headers) => {
      initial++;
      headers["set-cookie"] = "mycookie=456";
    });
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    const res = await once<IncomingMessage>(ws, "upgrade");
    expect(res.headers["set-cookie"]).toEqual(["mycookie=456"]);
    expect(initial).toBe(1);
    ws.close();
  });
});

describe("sending", () => {
  test("compress: false keeps a polling payload uncompressed, above the threshold too", async () => {
    running = await startEngine();
    running.engine.on("connection", (s: Socket) => s.send("x".repeat(4000), { compress: false }));
    const { sid } = await rawHandshake(running.port);
    const poll = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(poll.headers["content-encoding"]).toBeUndefined();
    expect(poll.text).toBe(`4${"x".repeat(4000)}`);
  });

  test.each([
    [false, "123"],
    [true, "test"],
  ])("wsPreEncodedFrame (perMessageDeflate %s) -> the client reads %s", async (perMessageDeflate, expected) => {
    running = await startEngine({ perMessageDeflate });
    running.engine.on("connection", (s: Socket) => {
      s.send("test", { wsPreEncodedFrame: [Buffer.from([0x81, 4]), Buffer.from("4123")] });
    });
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`);
    const messages: string[] = [];
    ws.on("message", (data) => messages.push(String(data)));
    await until(() => messages.length >= 2);
    expect(messages[1]).toBe(`4${expected}`);
    ws.close();
  });

  test("null is sent as an empty message", async () => {
    running = await startEngine();
    running.engine.on("connection", (s: Socket) => s.send(null as never));
    const { sid } = await rawHandshake(running.port);
    const poll = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.text).toBe("4");
  });
});

describe("session internals read by engine.io code", () => {
  test("onError() closes with 'transport error'; the write buffer is readable in 'close', released after", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const session = running.engine.clients[sid] as Socket;
    session.send("a", () => {});
    const seen: number[] = [];
    session.on("close", (reason) => {
      seen.push(session.writeBuffer.length, session.packetsFn.length);
      expect(reason).toBe("transport error");
    });
    session.onError("gone");
    expect(seen).toEqual([1, 0]);
    expect(session.writeBuffer).toEqual([]);
    expect(session.sentCallbackFn).toEqual([]);
  });

  test("a v4 POST with a binary content type: 400, and the session ends", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const closed = once<[string]>(running.engine.clients[sid] as Socket, "close");
    const res = await raw(running.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: Buffer.from([1, 2, 3]),
    });
    expect(res.status).toBe(400);
    expect((await closed)[0]).toBe("transport error");
  });
});

describe("engine()/listen() forms", () => {
  test("new Server() with no argument has a WebSocket server (engine.ws); cors: true is kept as given", () => {
    const engine = new Server();
    expect(engine.ws).toBeInstanceOf(WebSocketServer);
    expect(new Server({ cors: true }).opts.cors).toBe(true);
    expect(new Server({ transports: ["polling"] }).ws).toBeUndefined();
    engine.close();
  });

  test("listen(port, callback) and the HTTP server closing ends sessions but leaves the engine attached", async () => {
    const engine = await new Promise<Server>((resolve) => {
      const e = listen(0, () => resolve(e));
    });
    const http = engine.httpServer!;
    const port = (http.address() as AddressInfo).port;
    const { sid } = await rawHandshake(port);
    const closed = once<[string]>(engine.clients[sid] as Socket, "close");
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    expect((await closed)[0]).toBe("server shutting down");
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    const again = await rawHandshake(port);
    expect(engine.clients[again.sid]).toBeDefined();
    engine.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  test("an engine attached to a server created elsewhere serves under its path", async () => {
    const http = createServer();
    const engine = new Server().attach(http);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as AddressInfo).port;
    const res = await raw(port, "/engine.io/");
    expect(JSON.parse(res.text)).toEqual({ code: 0, message: "Transport unknown" });
    engine.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
});
