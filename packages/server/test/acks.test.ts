import { afterEach, describe, expect, it } from "vitest";
import { RemoteSocket, ServerError, type Socket } from "../src/index.js";
import { connectPair, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
afterEach(async () => {
  await ts.close();
});

describe("acknowledgements, client to server", () => {
  it("answers a client's ack once, with plain and binary data", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    socket.on("sum", (a: number, b: number, ack: (...r: unknown[]) => void) => {
      ack(a + b, Buffer.from([a, b]));
      ack("ignored second call");
    });
    const [sum, bytes] = await new Promise<[number, ArrayBuffer | Buffer]>((resolve) =>
      client.emit("sum", 2, 3, (s: number, b: Buffer) => resolve([s, b])),
    );
    expect(sum).toBe(5);
    expect([...new Uint8Array(bytes)]).toEqual([2, 3]);
  });

  it("works with a v3 client", async () => {
    ts = await startServer();
    const serverSide = waitFor(ts.io, "connection");
    const client = ts.clientV3();
    const [[socket]] = await Promise.all([serverSide, waitFor(client, "connect")]);
    socket.on("double", (n: number, ack: (r: number) => void) => ack(n * 2));
    const answer = await new Promise((resolve) => client.emit("double", 21, resolve));
    expect(answer).toBe(42);
  });
});

describe("acknowledgements, server to client", () => {
  it("gets the client's answer, binary included", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    client.on("get", (name: string, cb: (...r: unknown[]) => void) => cb(`hi ${name}`, new Uint8Array([7, 8])));
    const [text, bin] = await new Promise<unknown[]>((resolve) =>
      socket.emit("get", "ann", (...r: unknown[]) => resolve(r)),
    );
    expect(text).toBe("hi ann");
    expect(Buffer.isBuffer(bin)).toBe(true);
    expect([...(bin as Buffer)]).toEqual([7, 8]);
    expect(socket.acks.size).toBe(0);
  });

  it("timeout(): the callback gets null then the answer, or a coded timeout error", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    client.on("fast", (cb: (r: string) => void) => cb("done"));
    client.on("never", () => {});
    const fast = await new Promise<unknown[]>((resolve) =>
      socket.timeout(1000).emit("fast", (...r: unknown[]) => resolve(r)),
    );
    expect(fast).toEqual([null, "done"]);
    const [err] = await new Promise<unknown[]>((resolve) =>
      socket.timeout(30).emit("never", (...r: unknown[]) => resolve(r)),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe("ERR_SERVER_ACK_TIMEOUT");
    expect((err as Error).message).toBe("operation has timed out");
    expect(socket.acks.size).toBe(0);
  });

  it("emitWithAck resolves with the answer or rejects on timeout", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    client.on("q", (x: number, cb: (r: number) => void) => cb(x + 1));
    client.on("silent", () => {});
    expect(await socket.emitWithAck("q", 1)).toBe(2);
    expect(await socket.timeout(1000).emitWithAck("q", 5)).toBe(6);
    await expect(socket.timeout(20).emitWithAck("silent")).rejects.toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
  });

  it("the client's emitWithAck gets the server's answer", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    socket.on("info", (ack: (r: unknown) => void) => ack({ id: socket.id }));
    expect(await client.emitWithAck("info")).toEqual({ id: socket.id });
    expect(await client.timeout(1000).emitWithAck("info")).toEqual({ id: socket.id });
  });

  it("a pending ack with timeout fails with ERR_SERVER_SOCKET_DISCONNECTED when the socket leaves", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    client.on("never", () => {});
    const pending = socket.timeout(10_000).emitWithAck("never");
    await new Promise((r) => setTimeout(r, 20));
    socket.disconnect();
    await expect(pending).rejects.toMatchObject({ code: "ERR_SERVER_SOCKET_DISCONNECTED" });
    expect(socket.acks.size).toBe(0);
  });

  it("emitWithAck on a disconnected socket rejects at once", async () => {
    ts = await startServer();
    const { socket } = await connectPair(ts);
    socket.disconnect();
    await expect(socket.emitWithAck("x")).rejects.toMatchObject({ code: "ERR_SERVER_SOCKET_DISCONNECTED" });
    expect(socket.emit("x")).toBe(false);
  });

  it("an answer for an ack id the server never issued is ignored", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    await raw.connect();
    raw.send('3999["stray"]');
    raw.send('2["still-alive"]');
    const [socket] = [...ts.io.sockets.sockets.values()];
    const got = await waitFor(socket!, "still-alive");
    expect(got).toEqual([]);
    expect(raw.isClosed).toBe(false);
  });
});

describe("socketry limits: ackTimeout and maxPendingAcks", () => {
  it("ackTimeout makes emitWithAck reject and drops plain callbacks", async () => {
    ts = await startServer({ ackTimeout: 30 });
    const { client, socket } = await connectPair(ts);
    client.on("never", () => {});
    await expect(socket.emitWithAck("never")).rejects.toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
    let called = false;
    socket.emit("never", () => {
      called = true;
    });
    expect(socket.acks.size).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(socket.acks.size).toBe(0);
    expect(called).toBe(false);
  });

  it("ackTimeout does not change callbacks that get their answer", async () => {
    ts = await startServer({ ackTimeout: 1000 });
    const { client, socket } = await connectPair(ts);
    client.on("q", (cb: (r: string) => void) => cb("yes"));
    const answer = await new Promise<unknown[]>((resolve) => socket.emit("q", (...r: unknown[]) => resolve(r)));
    expect(answer).toEqual(["yes"]);
  });

  it("maxPendingAcks: an emit beyond the cap throws ERR_SERVER_TOO_MANY_PENDING_ACKS", async () => {
    ts = await startServer({ maxPendingAcks: 2 });
    const { client, socket } = await connectPair(ts);
    client.on("never", () => {});
    socket.emit("never", () => {});
    socket.emit("never", () => {});
    expect(() => socket.emit("never", () => {})).toThrow(
      expect.objectContaining({ code: "ERR_SERVER_TOO_MANY_PENDING_ACKS" }),
    );
    await expect(socket.emitWithAck("never")).rejects.toMatchObject({ code: "ERR_SERVER_TOO_MANY_PENDING_ACKS" });
    expect(socket.emit("no-ack", 1)).toBe(true);
    expect(socket.acks.size).toBe(2);
  });
});

describe("broadcast acknowledgements", () => {
  it("collects one answer per client", async () => {
    ts = await startServer();
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    a.client.on("vote", (cb: (v: string) => void) => cb("a"));
    b.client.on("vote", (cb: (v: string) => void) => cb("b"));
    const [err, responses] = await new Promise<unknown[]>((resolve) =>
      ts.io.timeout(1000).emit("vote", (...r: unknown[]) => resolve(r)),
    );
    expect(err).toBeNull();
    expect((responses as string[]).sort()).toEqual(["a", "b"]);
    expect((await ts.io.timeout(1000).emitWithAck("vote")).sort()).toEqual(["a", "b"]);
  });

  it("times out with the answers received so far", async () => {
    ts = await startServer();
    const a = await connectPair(ts);
    const b = await connectPair(ts);
    a.client.on("vote", (cb: (v: string) => void) => cb("a"));
    b.client.on("vote", () => {});
    const [err, responses] = await new Promise<unknown[]>((resolve) =>
      ts.io.timeout(100).emit("vote", (...r: unknown[]) => resolve(r)),
    );
    expect((err as ServerError).code).toBe("ERR_SERVER_ACK_TIMEOUT");
    expect(responses).toEqual(["a"]);
    // The silent client's entry does not stay in its ack map (it would count toward maxPendingAcks).
    expect(b.socket.acks.size).toBe(0);
    expect(a.socket.acks.size).toBe(0);
    await expect(ts.io.timeout(50).emitWithAck("vote")).rejects.toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
  });

  it("a timed-out broadcast to a dynamic namespace leaves no entry in the silent sockets' ack maps", async () => {
    ts = await startServer();
    const parent = ts.io.of(/^\/dyn-\d+$/);
    const joined: Socket[] = [];
    parent.on("connection", (socket) => joined.push(socket));
    const a = ts.client("/dyn-1");
    const b = ts.client("/dyn-2");
    await Promise.all([waitFor(a, "connect"), waitFor(b, "connect")]);
    expect(joined).toHaveLength(2);
    a.on("vote", (cb: (v: string) => void) => cb("a"));
    b.on("vote", () => {});
    const [err, responses] = await new Promise<unknown[]>((resolve) =>
      parent.timeout(50).emit("vote", (...r: unknown[]) => resolve(r)),
    );
    expect((err as ServerError).code).toBe("ERR_SERVER_ACK_TIMEOUT");
    expect(responses).toEqual(["a"]);
    for (const socket of joined) expect(socket.acks.size).toBe(0);
  });

  it("a dynamic namespace collects the answers of all its children, and answers at once with no child", async () => {
    ts = await startServer();
    const parent = ts.io.of(/^\/team-\d+$/);
    expect(
      await new Promise<unknown[]>((resolve) => parent.timeout(1000).emit("vote", (...r: unknown[]) => resolve(r))),
    ).toEqual([null, []]);
    const a = ts.client("/team-1");
    const b = ts.client("/team-2");
    await Promise.all([waitFor(a, "connect"), waitFor(b, "connect")]);
    a.on("vote", (cb: (v: string) => void) => cb("a"));
    b.on("vote", (cb: (v: string) => void) => cb("b"));
    const [err, responses] = await new Promise<unknown[]>((resolve) =>
      parent.timeout(1000).emit("vote", (...r: unknown[]) => resolve(r)),
    );
    expect(err).toBeNull();
    expect((responses as string[]).sort()).toEqual(["a", "b"]);
  });

  it("a dynamic namespace's local broadcast answers too, with children and with none", async () => {
    ts = await startServer();
    const parent = ts.io.of(/^\/local-\d+$/);
    const emitLocal = () =>
      new Promise<unknown[]>((resolve) => parent.local.timeout(1000).emit("vote", (...r: unknown[]) => resolve(r)));
    const started = Date.now();
    expect(await emitLocal()).toEqual([null, []]);
    expect(Date.now() - started).toBeLessThan(500); // answered, not timed out
    const a = ts.client("/local-1");
    await waitFor(a, "connect");
    a.on("vote", (cb: (v: string) => void) => cb("a"));
    expect(await emitLocal()).toEqual([null, ["a"]]);
  });

  it("with no recipient, the callback gets an empty list at once", async () => {
    ts = await startServer();
    const result = await new Promise<unknown[]>((resolve) =>
      ts.io.to("empty").emit("x", (...r: unknown[]) => resolve(r)),
    );
    expect(result).toEqual([null, []]);
  });

  it("a fetched local socket is the Socket itself; a RemoteSocket's timeout().emit gets one answer", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    client.on("one", (cb: (v: number) => void) => cb(1));
    const [fetched] = await ts.io.fetchSockets();
    expect(fetched).toBe(socket);
    const remote = new RemoteSocket(ts.io.sockets.adapter, {
      id: socket.id,
      handshake: socket.handshake,
      rooms: [...socket.rooms],
      data: { n: 1 },
    });
    expect(remote.rooms).toEqual(new Set([socket.id]));
    const [err, answer] = await new Promise<unknown[]>((resolve) =>
      remote.timeout(1000).emit("one", (...r: unknown[]) => resolve(r)),
    );
    expect(err).toBeNull();
    expect(answer).toBe(1);
    const got = waitFor(client, "plain");
    remote.emit("plain", "p");
    expect(await got).toEqual(["p"]);
    remote.join("r1");
    expect(socket.rooms.has("r1")).toBe(true);
    remote.leave("r1");
    expect(socket.rooms.has("r1")).toBe(false);
    const gone = waitFor(socket, "disconnect");
    remote.disconnect();
    expect(await gone).toEqual(["server namespace disconnect", undefined]);
  });
});
