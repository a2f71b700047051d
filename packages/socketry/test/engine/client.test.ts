// End-to-end: the official engine.io-client 6 against socketry's engine over real sockets.
import { afterEach, describe, expect, test } from "vitest";
import { Socket as ClientSocket } from "engine.io-client";
import type { Socket } from "socketry/engine";
import { once, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: ClientSocket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

function connect(url: string, opts: Record<string, unknown> = {}): ClientSocket {
  const client = new ClientSocket(url, { ...opts });
  clients.push(client);
  return client;
}

describe("engine.io-client 6", () => {
  test("handshake over polling, messages both ways (text and binary)", async () => {
    running = await startEngine({ allowUpgrades: false });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url, { transports: ["polling"] });
    await once(client, "open");
    const socket = await connection;
    expect(client.id).toBe(socket.id);
    expect(socket.transport.name).toBe("polling");
    expect(running.engine.clientsCount).toBe(1);

    const fromClient: unknown[] = [];
    socket.on("message", (data: unknown) => fromClient.push(data));
    client.send("hello");
    client.send(new Uint8Array([1, 2, 3]));
    await until(() => fromClient.length === 2);
    expect(fromClient[0]).toBe("hello");
    expect(Buffer.isBuffer(fromClient[1])).toBe(true);
    expect([...(fromClient[1] as Buffer)]).toEqual([1, 2, 3]);

    const fromServer: unknown[] = [];
    client.on("message", (data: unknown) => fromServer.push(data));
    socket.send("héllo ✓");
    socket.send(Buffer.from([4, 5, 6]));
    await until(() => fromServer.length === 2);
    expect(fromServer[0]).toBe("héllo ✓");
    expect([...new Uint8Array(fromServer[1] as ArrayBuffer)]).toEqual([4, 5, 6]);
  });

  test("websocket-only handshake, messages both ways", async () => {
    running = await startEngine();
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url, { transports: ["websocket"] });
    await once(client, "open");
    const socket = await connection;
    expect(socket.transport.name).toBe("websocket");
    const fromClient: unknown[] = [];
    socket.on("message", (data: unknown) => fromClient.push(data));
    client.send("over ws");
    client.send(new Uint8Array([9, 8]));
    await until(() => fromClient.length === 2);
    expect(fromClient[0]).toBe("over ws");
    expect([...(fromClient[1] as Buffer)]).toEqual([9, 8]);
    const echoed = once(client, "message");
    socket.send(Buffer.from([7]));
    expect([...new Uint8Array((await echoed) as ArrayBuffer)]).toEqual([7]);
  });

  test("upgrade polling -> websocket, messages keep flowing", async () => {
    running = await startEngine();
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url);
    const socket = await connection;
    expect(socket.transport.name).toBe("polling");
    const upgraded = once(socket, "upgrade");
    const upgrading = once(socket, "upgrading");
    await upgrading;
    await upgraded;
    expect(socket.transport.name).toBe("websocket");
    expect(socket.upgraded).toBe(true);
    expect(socket.upgrading).toBe(false);
    await until(() => client.transport?.name === "websocket");
    const got = once(socket, "message");
    client.send("after upgrade");
    expect(await got).toBe("after upgrade");
    const back = once(client, "message");
    socket.send("back");
    expect(await back).toBe("back");
    expect(running.engine.clientsCount).toBe(1);
  });

  test("transports: ['websocket'] refuses polling handshakes", async () => {
    running = await startEngine({ transports: ["websocket"] });
    const client = connect(running.url, { transports: ["polling"] });
    const error = (await once(client, "error")) as Error;
    expect(error).toBeDefined();
    expect(running.engine.clientsCount).toBe(0);
  });

  test("heartbeat with small intervals keeps the session open", async () => {
    running = await startEngine({ pingInterval: 40, pingTimeout: 100 });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url, { transports: ["websocket"] });
    const socket = await connection;
    let beats = 0;
    socket.on("heartbeat", () => beats++);
    let pings = 0;
    client.on("ping", () => pings++);
    await until(() => pings >= 4);
    expect(beats).toBeGreaterThanOrEqual(3); // a heartbeat per pong received
    expect(socket.readyState).toBe("open");
  });

  test("a client that goes away is closed; clientsCount returns to 0", async () => {
    running = await startEngine();
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url, { transports: ["websocket"] });
    const socket = await connection;
    const closed = once<[string]>(socket, "close");
    client.close();
    expect((await closed)[0]).toBe("transport close");
    expect(running.engine.clientsCount).toBe(0);
  });

  test("server socket.close() reaches the client; server close ends every session", async () => {
    running = await startEngine();
    const sockets: Socket[] = [];
    running.engine.on("connection", (s: Socket) => sockets.push(s));
    const a = connect(running.url, { transports: ["polling"] });
    const b = connect(running.url, { transports: ["websocket"] });
    await until(() => sockets.length === 2);
    const aClosed = once(a, "close");
    sockets[0]?.close();
    await aClosed;
    const bClosed = once(b, "close");
    const reasons: string[] = [];
    sockets[1]?.on("close", (r: string) => reasons.push(r));
    running.engine.close();
    await bClosed;
    expect(reasons).toEqual(["server shutting down"]);
    expect(running.engine.clientsCount).toBe(0);
  });

  test.each([["polling"], ["websocket"]])(
    "large payloads over %s: near the limit pass, over it close the session",
    async (transport) => {
      running = await startEngine({ maxHttpBufferSize: 10_000, allowUpgrades: false });
      const connection = once<Socket>(running.engine, "connection");
      const client = connect(running.url, { transports: [transport] });
      const socket = await connection;
      const got = once(socket, "message");
      client.send("x".repeat(9_990));
      expect(((await got) as string).length).toBe(9_990);
      const closed = once<[string, { code?: string }]>(socket, "close");
      client.send("y".repeat(20_000));
      const [reason, description] = await closed;
      expect(reason).toBe("payload too large");
      expect(description.code).toBe("ERR_ENGINE_PAYLOAD_TOO_LARGE");
      await until(() => running?.engine.clientsCount === 0);
      // the server still serves a normal client
      const next = connect(running.url, { transports: [transport] });
      await once(next, "open");
    },
  );

  test("large server -> client messages (1 MB) over both transports", async () => {
    running = await startEngine();
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url);
    const socket = await connection;
    const big = "z".repeat(1_000_000);
    const got = once(client, "message", 10_000);
    socket.send(big);
    expect(((await got) as string).length).toBe(1_000_000);
    await until(() => socket.transport.name === "websocket");
    const again = once(client, "message", 10_000);
    socket.send(Buffer.alloc(900_000, 1));
    expect(((await again) as ArrayBuffer).byteLength).toBe(900_000);
  });

  test("a polling client that closes sends the close packet: 'transport close'", async () => {
    running = await startEngine({ allowUpgrades: false });
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url, { transports: ["polling"] });
    const socket = await connection;
    await once(client, "open");
    const closed = once<[string]>(socket, "close");
    client.close();
    expect((await closed)[0]).toBe("transport close");
    expect(running.engine.clientsCount).toBe(0);
  });

  test("messages sent before, during and after the upgrade all arrive, in order", async () => {
    running = await startEngine();
    const connection = once<Socket>(running.engine, "connection");
    const client = connect(running.url);
    const received: string[] = [];
    client.on("message", (m: unknown) => received.push(m as string));
    const socket = await connection;
    let n = 0;
    const timer = setInterval(() => socket.send(String(n++)), 2);
    socket.once("upgrading", () => socket.send(String(n++)));
    await once(socket, "upgrade");
    await until(() => n > 40);
    clearInterval(timer);
    await until(() => received.length === n);
    expect(received).toEqual(Array.from({ length: n }, (_, i) => String(i)));
  });
});
