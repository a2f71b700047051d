// The websocket transport's error paths with raw frames: oversize and malformed frames, the v4
// heartbeat. After each test the session is gone and a new session still opens.
import { afterEach, describe, expect, test } from "vitest";
import { closeOf, once, openRaw, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  if (running !== undefined) {
    const { ws, sid } = await openRaw(running.port);
    expect(running.engine.clients[sid]).toBeDefined();
    ws.close();
    await until(() => running?.engine.clientsCount === 0);
    await running.stop();
  }
  running = undefined;
});

describe("websocket error paths", () => {
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
});
