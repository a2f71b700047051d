import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Namespace, Socket } from "../src/index.js";
import { connectPair, nextConnection, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer();
});
afterEach(async () => {
  await ts.close();
});

describe("connection (socket.io-client v4)", () => {
  it("connects to the main namespace and shares the socket id", async () => {
    const { client, socket } = await connectPair(ts);
    expect(socket).toBeInstanceOf(Socket);
    expect(socket.id).toBe(client.id);
    expect(socket.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(socket.connected).toBe(true);
    expect(socket.disconnected).toBe(false);
    expect(socket.nsp).toBe(ts.io.sockets);
    expect(ts.io.sockets.sockets.get(socket.id)).toBe(socket);
  });

  it("exposes the handshake, the engine socket and the request", async () => {
    const { socket } = await connectPair(ts, "/", {
      query: { room: "a1" },
      auth: { token: "t0k" },
      extraHeaders: { "x-test": "1" },
    });
    const hs = socket.handshake;
    expect(hs.auth).toEqual({ token: "t0k" });
    expect(hs.query.room).toBe("a1");
    expect(hs.query.EIO).toBe("4");
    expect(hs.headers["x-test"]).toBe("1");
    expect(hs.address).toMatch(/127\.0\.0\.1/);
    expect(hs.xdomain).toBe(false);
    expect(hs.secure).toBe(false);
    expect(typeof hs.issued).toBe("number");
    expect(new Date(hs.time).getTime()).toBe(Math.floor(hs.issued / 1000) * 1000);
    expect(hs.url).toMatch(/^\/socket\.io\/\?/);
    expect(socket.conn).toBe(socket.client.conn);
    expect(socket.conn.transport.name).toBe("websocket");
    expect(socket.conn.protocol).toBe(4);
    expect(socket.request).toBe(socket.conn.request);
    expect(socket.client.request).toBe(socket.conn.request);
  });

  it("marks a cross-origin request as xdomain, and a socket as not recovered", async () => {
    const { socket } = await connectPair(ts, "/", { extraHeaders: { origin: "http://example.test" } });
    expect(socket.handshake.xdomain).toBe(true);
    expect(socket.handshake.headers.origin).toBe("http://example.test");
    expect(socket.recovered).toBe(false);
  });

  it("keeps the semi-public internals in their official shape", async () => {
    const { socket } = await connectPair(ts);
    expect(ts.io._nsps).toBeInstanceOf(Map);
    expect(ts.io._nsps.get("/")).toBeInstanceOf(Namespace);
    expect(ts.io.engine).toBe(ts.engine);
    expect(typeof ts.io.encoder.encode).toBe("function");
    expect(typeof ts.io._parser.Decoder).toBe("function");
    expect(ts.io.sockets.adapter.rooms.get(socket.id)).toEqual(new Set([socket.id]));
    expect(ts.io.sockets.adapter.sids.get(socket.id)).toEqual(new Set([socket.id]));
    expect(socket.rooms).toEqual(new Set([socket.id]));
    expect(typeof socket.client.writeToEngine).toBe("function");
  });

  it("delivers events both ways, with plain and binary arguments", async () => {
    const { client, socket } = await connectPair(ts);
    const fromClient = waitFor(socket, "hello");
    client.emit("hello", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]));
    const [a, b, c, d] = await fromClient;
    expect([a, b, c]).toEqual([1, "two", { three: [3] }]);
    expect(Buffer.isBuffer(d)).toBe(true);
    expect([...(d as Buffer)]).toEqual([1, 2, 3]);

    const fromServer = waitFor(client, "reply");
    expect(socket.emit("reply", { nested: { bin: Buffer.from("xyz") } }, null)).toBe(true);
    const [payload, nothing] = await fromServer;
    expect(Buffer.from(payload.nested.bin).toString()).toBe("xyz");
    expect(nothing).toBeNull();
  });

  it("socket.conn is the engine socket, with its packetCreate events", async () => {
    const { client, socket } = await connectPair(ts);
    const created: unknown[] = [];
    socket.conn.on("packetCreate", (packet: { type: string; data?: unknown }) => created.push(packet.data));
    const got = waitFor(client, "seen");
    socket.emit("seen", 1);
    await got;
    expect(created).toContain('2["seen",1]');
  });

  it("send() and write() emit the message event", async () => {
    const { client, socket } = await connectPair(ts);
    const first = waitFor(client, "message");
    socket.send("one");
    expect(await first).toEqual(["one"]);
    const second = waitFor(client, "message");
    socket.write("two", 2);
    expect(await second).toEqual(["two", 2]);
  });

  it("socket.data starts empty and is writable", async () => {
    const { socket } = await connectPair(ts);
    expect(socket.data).toEqual({});
    socket.data = { user: "ann" };
    expect(socket.data).toEqual({ user: "ann" });
  });

  it("works over HTTP long-polling too", async () => {
    const { client, socket } = await connectPair(ts, "/", { transports: ["polling"] });
    expect(socket.conn.transport.name).toBe("polling");
    const reply = waitFor(client, "pong");
    socket.on("ping", (n: number) => socket.emit("pong", n + 1));
    client.emit("ping", 41);
    expect(await reply).toEqual([42]);
  });

  it("upgrades from polling to websocket and keeps the socket", async () => {
    const { socket } = await connectPair(ts, "/", { transports: ["polling", "websocket"] });
    if (socket.conn.transport.name !== "websocket") await waitFor(socket.conn as any, "upgrade");
    expect(socket.conn.transport.name).toBe("websocket");
    expect(socket.connected).toBe(true);
  });

  it("connects socket.io-client v3", async () => {
    const serverSide = nextConnection(ts.io);
    const client = ts.clientV3("/", { auth: { v: 3 } });
    const [socket] = await Promise.all([serverSide, waitFor(client, "connect")]);
    expect(socket.id).toBe(client.id);
    expect(socket.handshake.auth).toEqual({ v: 3 });
    const reply = waitFor(client, "echo");
    socket.on("echo", (x: unknown) => socket.emit("echo", x));
    client.emit("echo", { ok: true });
    expect(await reply).toEqual([{ ok: true }]);
  });

  it("uses the official socket.io-parser when passed as the parser option", async () => {
    await ts.close();
    const officialParser = await import("socket.io-parser");
    ts = await startServer({ parser: officialParser as any });
    const { client, socket } = await connectPair(ts);
    const got = waitFor(socket, "bin");
    client.emit("bin", Buffer.from([9]));
    const [buf] = await got;
    expect([...(buf as Buffer)]).toEqual([9]);
  });
});
