// allowEIO3: Engine.IO v3 clients (engine.io-client 3.5.6) over XHR polling, base64, websocket and
// upgrade, the v3 heartbeat, and JSONP polling driven raw (JSONP needs a browser's <script>).
import { afterEach, describe, expect, test } from "vitest";
import eio from "engine.io-client-v3";
import type { Socket } from "socketry/engine";
import { once, raw, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

function connect(opts: Record<string, unknown>) {
  const client = eio(running!.url, opts);
  clients.push(client);
  return client;
}

describe("engine.io-client 3 with allowEIO3", () => {
  test.each([
    ["xhr polling (binary payloads)", { transports: ["polling"] }],
    ["xhr polling with forceBase64", { transports: ["polling"], forceBase64: true }],
    ["websocket", { transports: ["websocket"] }],
  ])("%s: handshake and messages both ways", async (_label, opts) => {
    running = await startEngine({ allowEIO3: true, allowUpgrades: false });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(opts);
    await once(client, "open");
    const socket = await connection;
    expect(socket.protocol).toBe(3);
    expect(socket.id).toBe(client.id);
    const received: unknown[] = [];
    socket.on("message", (d: unknown) => received.push(d));
    client.send("hello v3 ✓");
    client.send(new Uint8Array([1, 2, 250]));
    await until(() => received.length === 2);
    expect(received[0]).toBe("hello v3 ✓");
    expect([...(received[1] as Buffer)]).toEqual([1, 2, 250]);
    const back: unknown[] = [];
    client.on("message", (d: unknown) => back.push(d));
    socket.send("from server");
    socket.send(Buffer.from([7, 8]));
    await until(() => back.length === 2);
    expect(back[0]).toBe("from server");
    expect([...new Uint8Array(back[1] as ArrayBuffer)]).toEqual([7, 8]);
  });

  test("upgrade polling -> websocket", async () => {
    running = await startEngine({ allowEIO3: true });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect({});
    const socket = await connection;
    await once(socket, "upgrade");
    expect(socket.transport.name).toBe("websocket");
    await until(() => client.transport.name === "websocket");
    const got = once(socket, "message");
    client.send("upgraded");
    expect(await got).toBe("upgraded");
  });

  test("v3 heartbeat: the client pings, the server pongs, the session stays open", async () => {
    running = await startEngine({ allowEIO3: true, pingInterval: 30, pingTimeout: 200 });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect({ transports: ["websocket"] });
    const socket = await connection;
    let pongs = 0;
    client.on("pong", () => pongs++);
    let beats = 0;
    socket.on("heartbeat", () => beats++);
    await until(() => pongs >= 3);
    expect(beats).toBeGreaterThanOrEqual(3);
    expect(socket.readyState).toBe("open");
  });

  test("v3 heartbeat: a silent client is closed with 'ping timeout'", async () => {
    running = await startEngine({ allowEIO3: true, pingInterval: 40, pingTimeout: 40 });
    const hs = await raw(running.port, "/engine.io/?EIO=3&transport=polling&b64=1");
    const sid = /"sid":"([^"]+)"/.exec(hs.text)?.[1] as string;
    const [reason] = await once<[string]>(running.engine.clients[sid]!, "close");
    expect(reason).toBe("ping timeout");
  });

  test("an EIO=3 client without allowEIO3 gets error 5", async () => {
    running = await startEngine();
    const client = connect({ transports: ["polling"] });
    await once(client, "error");
    const res = await raw(running.port, "/engine.io/?EIO=3&transport=polling");
    expect(JSON.parse(res.text)).toEqual({ code: 5, message: "Unsupported protocol version" });
    expect(running.engine.clientsCount).toBe(0);
  });
});
