// Details of the official server that tools, tests and applications rely on: protocol violations
// close the session, socket internals (client.ondata, leaveAll, connected), hand-made children of
// a dynamic parent, sessions without an HTTP request, broadcast acks with a timeout, and the cap
// on a dynamic parent's children.
import { afterEach, describe, expect, it } from "vitest";
import type { Socket } from "../src/index.js";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

describe("protocol violations close the session", () => {
  it("an EVENT before any CONNECT", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    raw.send('2["some event"]');
    await raw.closed;
    expect(ts.io.sockets.sockets.size).toBe(0);
  });

  it("a CONNECT_ERROR sent by a client", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    expect(await raw.connect()).toMatch(/^0\{"sid":"/);
    raw.send('4{"message":"x"}');
    await raw.closed;
  });
});

describe("socket internals", () => {
  it("client.ondata(null): the socket gets an error, then leaves with the engine's reason", async () => {
    ts = await startServer();
    const { socket } = await connectPair(ts);
    const error = waitFor<[Error]>(socket, "error");
    const gone = waitFor(socket, "disconnect");
    socket.client.ondata(null);
    expect((await error)[0]).toBeInstanceOf(Error);
    expect((await gone)[0]).toBe("forced close");
  });

  it("leaveAll() leaves every room, the socket's own too", async () => {
    ts = await startServer();
    const { socket } = await connectPair(ts);
    socket.join(["a", "b"]);
    expect(socket.rooms).toEqual(new Set([socket.id, "a", "b"]));
    socket.leaveAll();
    expect(socket.rooms.size).toBe(0);
    expect(ts.io.sockets.adapter.rooms.size).toBe(0);
  });

  it("rooms joined by a middleware that then refuses are left", async () => {
    ts = await startServer();
    ts.io.use((socket, next) => {
      socket.join("room1");
      next(new Error("nope"));
    });
    const client = ts.client();
    await waitFor(client, "connect_error");
    expect(ts.io.sockets.adapter.rooms.size).toBe(0);
  });

  it("a disconnected socket joins nothing", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    const gone = waitFor(client, "disconnect");
    socket.disconnect();
    socket.join("room1");
    await gone;
    expect(ts.io.sockets.adapter.rooms.size).toBe(0);
  });

  it("connected only once the middlewares ran; meanwhile the socket waits in _preConnectSockets", async () => {
    ts = await startServer();
    const seen: unknown[] = [];
    ts.io.use((socket, next) => {
      seen.push(
        socket.connected,
        socket.disconnected,
        ts.io.sockets.sockets.size,
        ts.io.sockets._preConnectSockets.size,
      );
      next();
    });
    const { socket } = await connectPair(ts);
    expect(seen).toEqual([false, true, 0, 1]);
    expect(socket.connected).toBe(true);
    expect(ts.io.sockets._preConnectSockets.size).toBe(0);
  });

  it("an event that came with the client's DISCONNECT is not dispatched", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    const serverSide = waitFor<[Socket]>(ts.io, "connection");
    await raw.connect();
    const [socket] = await serverSide;
    let heard = false;
    socket.on("test", () => (heard = true));
    const gone = waitFor(socket, "disconnect");
    raw.ws.send('42["test"]');
    raw.ws.send("41");
    await gone;
    await delay(20);
    expect(heard).toBe(false);
  });

  it("a session without an HTTP request (WebTransport) handshakes: secure, no headers, no query", async () => {
    ts = await startServer();
    ts.engine.on("connection", (conn: { request?: unknown }) => {
      delete conn.request;
    });
    const { socket } = await connectPair(ts);
    expect(socket.handshake.secure).toBe(true);
    expect(socket.handshake.headers).toEqual({});
    expect({ ...socket.handshake.query }).toEqual({});
  });
});

describe("dynamic namespaces", () => {
  it("a namespace created by hand whose name a RegExp parent matches becomes its child", async () => {
    ts = await startServer();
    const parent = ts.io.of(/^\/dynamic-\d+$/);
    const child = ts.io.of("/dynamic-101");
    expect((parent as unknown as { children: Set<unknown> }).children.has(child)).toBe(true);
    const plain = ts.io.of("/static");
    expect((parent as unknown as { children: Set<unknown> }).children.has(plain)).toBe(false);
  });

  it("a parent creates at most maxChildNamespaces children; the next gets a coded connect_error and nothing is kept", async () => {
    ts = await startServer({ maxChildNamespaces: 3 });
    ts.io.of(/^\/t-\d+$/);
    for (let i = 0; i < 3; i++) await connectPair(ts, `/t-${i}`);
    const client = ts.client("/t-3");
    const [err] = await waitFor<[Error & { data?: { code?: string } }]>(client, "connect_error");
    expect(err.message).toBe("Invalid namespace");
    expect(err.data?.code).toBe("ERR_SERVER_TOO_MANY_CHILD_NAMESPACES");
    expect(ts.io._nsps.has("/t-3")).toBe(false);
    // An existing child still takes new sockets.
    await connectPair(ts, "/t-1");
  });

  it("the default cap is far above what an application creates (10000)", async () => {
    ts = await startServer();
    expect(ts.io._settings.maxChildNamespaces).toBe(10_000);
  });
});

describe("broadcast acknowledgements with timeout()", () => {
  it("emitWithAck rejects when a client does not answer in time, with the answers that came", async () => {
    ts = await startServer();
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    const silent = await connectPair(ts);
    a.client.on("q", (ack: (n: number) => void) => ack(1));
    b.client.on("q", (ack: (n: number) => void) => ack(2));
    silent.client.on("q", () => {});
    const err = await ts.io
      .timeout(100)
      .emitWithAck("q")
      .catch((e: Error & { responses?: number[] }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error & { code?: string }).code).toBe("ERR_SERVER_ACK_TIMEOUT");
    expect([...((err as { responses?: number[] }).responses ?? [])].sort()).toEqual([1, 2]);
    // The silent client's entry went with the timeout.
    expect(silent.socket.acks.size).toBe(0);
  });
});
