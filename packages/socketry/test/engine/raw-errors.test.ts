// Every error path with raw HTTP requests and raw WebSocket frames (no engine.io client). After
// each: the session is gone, clientsCount is back to 0 and a normal handshake still works.
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { ConnectionError, Socket } from "socketry/engine";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  if (running !== undefined) {
    // the server still serves a normal client, then nothing is left behind
    const { sid } = await rawHandshake(running.port);
    expect(running.engine.clients[sid]).toBeDefined();
    running.engine.clients[sid]?.close(true);
    await until(() => running?.engine.clientsCount === 0);
    await running.stop();
  }
  running = undefined;
});

const poll = (sid: string, extra = "") => `/engine.io/?EIO=4&transport=polling&sid=${sid}${extra}`;

function closeOf(socket: Socket | undefined): Promise<[string, { code?: string } | undefined]> {
  if (socket === undefined) throw new Error("no session");
  return once(socket, "close");
}

describe("handshake and request errors", () => {
  test.each([
    ["unknown transport", "/engine.io/?EIO=4&transport=carrier", "GET", 400, 0, "Transport unknown"],
    ["missing transport", "/engine.io/?EIO=4", "GET", 400, 0, "Transport unknown"],
    ["missing EIO", "/engine.io/?transport=polling", "GET", 400, 5, "Unsupported protocol version"],
    ["bad EIO", "/engine.io/?EIO=9&transport=polling", "GET", 400, 5, "Unsupported protocol version"],
    ["EIO=3 without allowEIO3", "/engine.io/?EIO=3&transport=polling", "GET", 400, 5, "Unsupported protocol version"],
    ["unknown sid", "/engine.io/?EIO=4&transport=polling&sid=abc", "GET", 400, 1, "Session ID unknown"],
    ["bad handshake method", "/engine.io/?EIO=4&transport=polling", "PUT", 400, 2, "Bad handshake method"],
    ["websocket handshake over plain GET", "/engine.io/?EIO=4&transport=websocket", "GET", 400, 3, "Bad request"],
  ])("%s -> HTTP %i, code %i", async (_label, path, method, status, code, message) => {
    running = await startEngine();
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
    const res = await raw(running.port, path, { method });
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.text)).toEqual({ code, message });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, message });
    expect(errors[0]?.req.url).toBe(path);
    expect(running.engine.clientsCount).toBe(0);
  });

  test("checks run in the official order: method before protocol version, allowRequest before it too", async () => {
    running = await startEngine();
    expect(JSON.parse((await raw(running.port, "/engine.io/?transport=polling", { method: "POST" })).text).code).toBe(2);
    await running.stop();
    running = await startEngine({ allowRequest: (_req, cb) => cb("no", false) });
    expect(JSON.parse((await raw(running.port, "/engine.io/?EIO=3&transport=polling")).text).code).toBe(4);
    await running.stop();
    running = await startEngine();
  });

  test("requests of an open session are served on the session's protocol, whatever their EIO", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    running.engine.clients[sid]?.send("x");
    const res = await raw(running.port, `/engine.io/?transport=polling&sid=${sid}`);
    expect(res.text).toBe("4x");
    running.engine.clients[sid]?.close(true);
  });

  test("transports: ['polling'] refuses websocket handshakes and upgrades (code 0)", async () => {
    running = await startEngine({ transports: ["polling"] });
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
    const { sid, upgrades } = await rawHandshake(running.port);
    expect(upgrades).toEqual([]);
    for (const extra of ["", `&sid=${sid}`]) {
      const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket${extra}`);
      ws.on("error", () => {});
      const [, res] = await once<[unknown, { statusCode: number }]>(ws, "unexpected-response");
      expect(res.statusCode).toBe(400);
    }
    expect(errors.map((e) => e.code)).toEqual([0, 0]);
    running.engine.clients[sid]?.close(true);
  });

  test("a request on a session with the wrong transport is a bad request (code 3)", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const res = await raw(running.port, `/engine.io/?EIO=4&transport=websocket&sid=${sid}`);
    expect(JSON.parse(res.text)).toEqual({ code: 3, message: "Bad request" });
    running.engine.clients[sid]?.close(true);
  });
});

describe("polling error paths", () => {
  test("two concurrent long-polls on one sid: the second is refused, the session closes, the first returns", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const first = raw(running.port, poll(sid));
    await until(() => running?.engine.clients[sid]?.transport.writable === true);
    const second = await raw(running.port, poll(sid));
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text)).toEqual({ code: 3, message: "Bad request" });
    const [reason, description] = await closed;
    expect(reason).toBe("transport error");
    expect(description?.code).toBe("ERR_ENGINE_POLL_OVERLAP");
    const firstResponse = await first;
    expect(firstResponse.status).toBe(200);
    expect(firstResponse.text).toBe("1"); // the close packet: nothing hangs
    expect(running.engine.clientsCount).toBe(0);
  });

  test("an oversize POST (Content-Length) gets 413 and closes the session", async () => {
    running = await startEngine({ maxHttpBufferSize: 1000 });
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const res = await raw(running.port, poll(sid), { method: "POST", body: `4${"a".repeat(2000)}` });
    expect(res.status).toBe(413);
    expect((await closed)[0]).toBe("payload too large");
    expect(running.engine.clientsCount).toBe(0);
  });

  test("an oversize chunked POST is cut off while streaming: 413, session closed", async () => {
    running = await startEngine({ maxHttpBufferSize: 1000 });
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: running!.port, path: poll(sid), method: "POST", agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("4");
      // keep streaming well past the limit; the server answers before we finish
      let sent = 0;
      const pump = () => {
        if (sent >= 20 || req.destroyed) return req.end();
        sent++;
        req.write("b".repeat(500), () => setImmediate(pump));
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await closed)[0]).toBe("payload too large");
  });

  test("a second POST while the first is still arriving is refused (code 3) and closes the session", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    // Counted after the engine's own listener, which has taken the request by then.
    let posts = 0;
    running.http.on("request", (req) => (posts += req.method === "POST" ? 1 : 0));
    // The first POST announces 100 bytes and sends 10: the server is still receiving it.
    const first = httpRequest({ host: "127.0.0.1", port: running.port, path: poll(sid), method: "POST", agent: false, headers: { "Content-Length": 100 } });
    first.on("error", () => {});
    first.write("4partial..");
    await until(() => posts === 1);
    const second = await raw(running.port, poll(sid), { method: "POST", body: "4second" });
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text)).toEqual({ code: 3, message: "Bad request" });
    const [reason, description] = await closed;
    expect(reason).toBe("transport error");
    expect(description?.code).toBe("ERR_ENGINE_POLL_OVERLAP");
    first.destroy();
  });

  test("a POST exactly at the limit is accepted", async () => {
    running = await startEngine({ maxHttpBufferSize: 1000 });
    const { sid } = await rawHandshake(running.port);
    const got = once(running.engine.clients[sid]!, "message");
    const res = await raw(running.port, poll(sid), { method: "POST", body: `4${"a".repeat(999)}` });
    expect(res.status).toBe(200);
    expect(((await got) as string).length).toBe(999);
    running.engine.clients[sid]?.close(true);
  });

  test.each([["garbage"], ["4ok\x1e"], ["9nine"], [""]])("a malformed payload %j closes the session with 'parse error'", async (body) => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const res = await raw(running.port, poll(sid), { method: "POST", body });
    expect(res.status).toBe(200);
    const [reason, description] = await closed;
    expect(reason).toBe("parse error");
    expect(description?.code).toBe("ERR_ENGINE_PARSE_ERROR");
  });

  test("a client that stops polling: the write buffer is capped and the session closes", async () => {
    running = await startEngine({ maxWriteBufferSize: 100_000 });
    const { sid } = await rawHandshake(running.port);
    const socket = running.engine.clients[sid]!;
    const closed = closeOf(socket);
    for (let i = 0; i < 100 && socket.readyState === "open"; i++) socket.send("m".repeat(10_000));
    const [reason, description] = await closed;
    expect(reason).toBe("write buffer full");
    expect(description?.code).toBe("ERR_ENGINE_WRITE_BUFFER_FULL");
    expect(socket.writeBuffer).toEqual([]);
  });

  test("a graceful close waiting for the next poll is finished at once by engine.close()", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const socket = running.engine.clients[sid]!;
    const reasons: string[] = [];
    socket.on("close", (r: string) => reasons.push(r));
    socket.close(); // no poll pending: the close packet waits for the client's next GET
    expect(socket.readyState).toBe("closing");
    expect(running.engine.clientsCount).toBe(1);
    running.engine.close();
    expect(reasons).toEqual(["server shutting down"]);
    expect(running.engine.clientsCount).toBe(0);
    await running.stop();
    running = undefined;
  });

  test("a graceful polling close delivers the close packet on the next poll", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const socket = running.engine.clients[sid]!;
    const closed = closeOf(socket);
    socket.send("bye");
    socket.close();
    // the buffer is flushed first, then the close packet goes out on the poll after that, behind a
    // noop as engine.io sends it (a payload of two packets: "6", separator, "1")
    expect((await raw(running.port, poll(sid))).text).toBe("4bye");
    expect(socket.readyState).toBe("closing");
    expect((await raw(running.port, poll(sid))).text).toBe("6\x1e1");
    expect((await closed)[0]).toBe("forced close");
    expect(running.engine.clientsCount).toBe(0);
  });

  test("a poll that the client abandons closes the session", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const req = httpRequest({ host: "127.0.0.1", port: running.port, path: poll(sid), agent: false });
    req.on("error", () => {});
    req.end();
    await until(() => running?.engine.clients[sid]?.transport.writable === true);
    req.destroy();
    expect((await closed)[0]).toBe("transport error");
  });
});

describe("websocket error paths", () => {
  const wsUrl = (port: number, extra = "") => `ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket${extra}`;

  /** A polling session and an open WebSocket that asks to upgrade it (no probe sent yet). */
  async function openUpgrade(port: number, engine: Running["engine"]) {
    const { sid } = await rawHandshake(port);
    const socket = engine.clients[sid]!;
    const ws = new WebSocket(wsUrl(port, `&sid=${sid}`));
    await once(ws, "open");
    return { socket, ws };
  }

  async function openRaw(port: number, extra = "") {
    const ws = new WebSocket(wsUrl(port, extra));
    const [first] = await once<[Buffer]>(ws, "message");
    return { ws, sid: JSON.parse(first.toString().slice(1)).sid as string };
  }

  test("an oversize frame closes the connection with 1009 and the session with 'payload too large'", async () => {
    running = await startEngine({ maxHttpBufferSize: 1000 });
    const { ws, sid } = await openRaw(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const wsClosed = once<[number]>(ws, "close");
    ws.send(`4${"x".repeat(2000)}`);
    expect((await wsClosed)[0]).toBe(1009);
    const [reason, description] = await closed;
    expect(reason).toBe("payload too large");
    expect(description?.code).toBe("ERR_ENGINE_PAYLOAD_TOO_LARGE");
  });

  test.each([["9bad"], ["x"], [""]])("a malformed frame %j closes with 'parse error'", async (frame) => {
    running = await startEngine();
    const { ws, sid } = await openRaw(running.port);
    const closed = closeOf(running.engine.clients[sid]);
    const wsClosed = once(ws, "close");
    ws.send(frame);
    expect((await closed)[0]).toBe("parse error");
    await wsClosed;
  });

  test("v4 heartbeat: a peer that never pongs is closed with 'ping timeout'", async () => {
    running = await startEngine({ pingInterval: 50, pingTimeout: 50 });
    const { ws, sid } = await openRaw(running.port);
    const pings: string[] = [];
    ws.on("message", (data: Buffer) => pings.push(data.toString()));
    const closed = closeOf(running.engine.clients[sid]);
    expect((await closed)[0]).toBe("ping timeout");
    expect(pings).toContain("2");
    await once(ws, "close");
  });

  test("a peer that pongs stays open; a ping from a v4 client is an error", async () => {
    running = await startEngine({ pingInterval: 30, pingTimeout: 60 });
    const { ws, sid } = await openRaw(running.port);
    let pongs = 0;
    ws.on("message", (data: Buffer) => {
      if (data.toString() === "2" && pongs < 5) {
        pongs++;
        ws.send("3");
      }
    });
    await until(() => pongs === 5);
    const socket = running.engine.clients[sid]!;
    expect(socket.readyState).toBe("open");
    const closed = closeOf(socket);
    ws.send("2");
    expect((await closed)[0]).toBe("transport error");
  });

  test("upgrade of an unknown session is refused with code 1", async () => {
    running = await startEngine();
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
    const ws = new WebSocket(wsUrl(running.port, "&sid=nope"));
    ws.on("error", () => {});
    const [, res] = await once<[unknown, { statusCode: number; on(e: string, f: (c: Buffer) => void): void }]>(ws, "unexpected-response");
    expect(res.statusCode).toBe(400);
    expect(errors[0]?.code).toBe(1);
  });

  test("upgrade of a closed session is refused", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    running.engine.clients[sid]?.close(true);
    await until(() => running?.engine.clientsCount === 0);
    const ws = new WebSocket(wsUrl(running.port, `&sid=${sid}`));
    ws.on("error", () => {});
    const [, res] = await once<[unknown, { statusCode: number }]>(ws, "unexpected-response");
    expect(res.statusCode).toBe(400);
  });

  test("upgrade when allowUpgrades is false is refused (code 3)", async () => {
    running = await startEngine({ allowUpgrades: false });
    const { sid, upgrades } = await rawHandshake(running.port);
    expect(upgrades).toEqual([]);
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
    const ws = new WebSocket(wsUrl(running.port, `&sid=${sid}`));
    ws.on("error", () => {});
    await once(ws, "unexpected-response");
    expect(errors[0]).toMatchObject({ code: 3, context: { name: "UPGRADE_NOT_ALLOWED" } });
    running.engine.clients[sid]?.close(true);
  });

  test("raw upgrade with the probe exchange; a pending poll is released with a noop", async () => {
    running = await startEngine();
    const { sid } = await rawHandshake(running.port);
    const socket = running.engine.clients[sid]!;
    const pending = raw(running.port, poll(sid));
    await until(() => socket.transport.writable);
    const ws = new WebSocket(wsUrl(running.port, `&sid=${sid}`));
    await once(ws, "open");
    const probe = once<[Buffer]>(ws, "message");
    ws.send("2probe");
    expect((await probe)[0].toString()).toBe("3probe");
    expect((await pending).text).toBe("6");
    const upgraded = once(socket, "upgrade");
    ws.send("5");
    await upgraded;
    expect(socket.transport.name).toBe("websocket");
    // the old transport no longer answers
    const stale = await raw(running.port, poll(sid));
    expect(JSON.parse(stale.text).code).toBe(3);
    const got = once<[Buffer]>(ws, "message");
    socket.send("via ws");
    expect((await got)[0].toString()).toBe("4via ws");
    ws.close();
    await until(() => running?.engine.clientsCount === 0);
  });

  test("a repeated probe is answered once (no answers queued without end)", async () => {
    running = await startEngine();
    const { socket, ws } = await openUpgrade(running.port, running.engine);
    const upgrading: unknown[] = [];
    socket.on("upgrading", (t: unknown) => upgrading.push(t));
    const answers: string[] = [];
    ws.on("message", (data: Buffer) => answers.push(data.toString()));
    for (let i = 0; i < 50; i++) ws.send("2probe");
    await until(() => answers.length >= 1);
    const upgraded = once(socket, "upgrade");
    ws.send("5");
    await upgraded;
    expect(answers).toEqual(["3probe"]);
    expect(upgrading).toHaveLength(1);
    ws.close();
    await until(() => running?.engine.clientsCount === 0);
  });

  test("a session closed while its upgrade waits closes the new WebSocket when the upgrade completes", async () => {
    running = await startEngine();
    const { socket, ws } = await openUpgrade(running.port, running.engine);
    const probe = once<[Buffer]>(ws, "message");
    ws.send("2probe");
    expect((await probe)[0].toString()).toBe("3probe");
    // No poll is pending: the graceful close waits for the client's next poll on the old transport.
    const closed = once<[string]>(socket, "close");
    const upgrades: unknown[] = [];
    socket.on("upgrade", (t: unknown) => upgrades.push(t));
    socket.close();
    expect(socket.readyState).toBe("closing");
    const wsClosed = once(ws, "close");
    ws.send("5");
    expect((await closed)[0]).toBe("forced close");
    await wsClosed;
    expect(upgrades).toEqual([]);
    expect(running.engine.clientsCount).toBe(0);
  });

  test("an upgrade that never completes times out and the session stays on polling", async () => {
    running = await startEngine({ upgradeTimeout: 50 });
    const { socket, ws } = await openUpgrade(running.port, running.engine);
    expect(socket.upgrading).toBe(true);
    await once(ws, "close");
    expect(socket.upgrading).toBe(false);
    expect(socket.transport.name).toBe("polling");
    expect(socket.readyState).toBe("open");
    socket.close(true);
  });

  test("a websocket client that stops reading: memory stays bounded (buffer cap closes the session)", async () => {
    running = await startEngine({ maxWriteBufferSize: 2_000_000 });
    const { ws, sid } = await openRaw(running.port);
    const socket = running.engine.clients[sid]!;
    const closed = closeOf(socket);
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = "p".repeat(64 * 1024);
    // bounded: at most 4000 x 64 KiB offered; kernel buffers absorb a few MB, then the cap trips
    for (let i = 0; i < 4000 && socket.readyState === "open"; i++) {
      socket.send(chunk);
      if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    const [reason] = await closed;
    expect(reason).toBe("write buffer full");
    ws.terminate();
  });
});
