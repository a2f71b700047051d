// The polling transport's error paths, with raw HTTP requests: overlapping polls and POSTs,
// oversize and malformed bodies, a client that stops polling or abandons its poll, graceful close.
// After each test the session is gone and a normal handshake still works.
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import type { Socket } from "@socketry/engine";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  if (running !== undefined) {
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
      const req = httpRequest(
        { host: "127.0.0.1", port: running!.port, path: poll(sid), method: "POST", agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
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
    const first = httpRequest({
      host: "127.0.0.1",
      port: running.port,
      path: poll(sid),
      method: "POST",
      agent: false,
      headers: { "Content-Length": 100 },
    });
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

  test.each([["garbage"], ["4ok\x1e"], ["9nine"], [""]])(
    "a malformed payload %j closes the session with 'parse error'",
    async (body) => {
      running = await startEngine();
      const { sid } = await rawHandshake(running.port);
      const closed = closeOf(running.engine.clients[sid]);
      const res = await raw(running.port, poll(sid), { method: "POST", body });
      expect(res.status).toBe(200);
      const [reason, description] = await closed;
      expect(reason).toBe("parse error");
      expect(description?.code).toBe("ERR_ENGINE_PARSE_ERROR");
    },
  );

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

  test("a graceful close the client never polls for ends after pollingCloseTimeout", async () => {
    running = await startEngine({ pollingCloseTimeout: 50 });
    const { sid } = await rawHandshake(running.port);
    const socket = running.engine.clients[sid]!;
    const closed = closeOf(socket);
    socket.close(); // no poll pending: the close packet waits for a poll that never comes
    expect(socket.readyState).toBe("closing");
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
