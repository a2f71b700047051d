// Engine-level error paths (handshake and request errors, the websocket upgrade) with raw HTTP
// requests and raw WebSocket frames, over the default transports (no engine.io client). Each
// transport's own error paths are tested in its package. After
// each: the session is gone, clientsCount is back to 0 and a normal handshake still works.
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
    expect(JSON.parse((await raw(running.port, "/engine.io/?transport=polling", { method: "POST" })).text).code).toBe(
      2,
    );
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

  test("upgrade of an unknown session is refused with code 1", async () => {
    running = await startEngine();
    const errors: ConnectionError[] = [];
    running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
    const ws = new WebSocket(wsUrl(running.port, "&sid=nope"));
    ws.on("error", () => {});
    const [, res] = await once<[unknown, { statusCode: number; on(e: string, f: (c: Buffer) => void): void }]>(
      ws,
      "unexpected-response",
    );
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
