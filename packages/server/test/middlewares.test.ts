import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "../src/index.js";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer();
});
afterEach(async () => {
  await ts.close();
});

class AuthError extends Error {
  data?: unknown;
}

describe("io.use (connection middlewares)", () => {
  it("runs middlewares in order before the connection event", async () => {
    const order: string[] = [];
    ts.io.use((socket, next) => {
      order.push("first");
      socket.data = { user: socket.handshake.auth.user };
      next();
    });
    ts.io.use((_socket, next) => {
      order.push("second");
      setTimeout(next, 5);
    });
    ts.io.on("connection", () => order.push("connection"));
    const { socket } = await connectPair(ts, "/", { auth: { user: "bob" } });
    expect(order).toEqual(["first", "second", "connection"]);
    expect(socket.data).toEqual({ user: "bob" });
  });

  it("refuses with connect_error carrying err.message and err.data (v4 client)", async () => {
    let connections = 0;
    ts.io.on("connection", () => connections++);
    ts.io.use((_socket, next) => {
      const err = new AuthError("not authorized");
      err.data = { content: "please retry later", code: 7 };
      next(err);
    });
    const client = ts.client();
    const [err] = await waitFor<[Error & { data?: unknown }]>(client, "connect_error");
    expect(err.message).toBe("not authorized");
    expect(err.data).toEqual({ content: "please retry later", code: 7 });
    expect(client.connected).toBe(false);
    expect(connections).toBe(0);
    expect(ts.io.sockets.sockets.size).toBe(0);
  });

  it("refuses with connect_error for a v3 client too", async () => {
    ts.io.use((_socket, next) => {
      const err = new AuthError("nope");
      err.data = [1, 2];
      next(err);
    });
    const client = ts.clientV3();
    const [err] = await waitFor<[Error & { data?: unknown }]>(client, "connect_error");
    expect(err.message).toBe("nope");
    expect(err.data).toEqual([1, 2]);
  });

  it("applies namespace middlewares only to their namespace", async () => {
    ts.io.of("/private").use((_socket, next) => next(new Error("private")));
    const { socket } = await connectPair(ts, "/");
    expect(socket.connected).toBe(true);
    const client = ts.client("/private");
    const [err] = await waitFor<[Error]>(client, "connect_error");
    expect(err.message).toBe("private");
  });

  it("what a middleware emits goes out before the connect answer; the client delivers it once connected", async () => {
    let answer: unknown;
    ts.io.use((socket, next) => {
      expect(socket.emit("session", "s-1")).toBe(true);
      socket.emit("ask", (reply: unknown) => {
        answer = reply;
      });
      next();
    });
    const client = ts.client();
    const seen: string[] = [];
    client.on("connect", () => seen.push("connect"));
    client.on("session", (id: string) => seen.push(`session ${id} (connected: ${client.connected})`));
    client.on("ask", (ack: (reply: string) => void) => ack("yes"));
    await waitFor(client, "connect");
    await delay(50);
    // The client emits what it buffered as it connects, right before its "connect" event.
    expect(seen).toEqual(["session s-1 (connected: true)", "connect"]);
    expect(answer).toBe("yes");
    // On the wire: both events, then the CONNECT answer.
    const raw = await ts.raw();
    raw.send("0");
    const wire = [await raw.nextMessage(), await raw.nextMessage(), await raw.nextMessage()];
    expect(wire[0]).toBe('2["session","s-1"]');
    expect(wire[1]).toMatch(/^2\d+\["ask"\]$/);
    expect(wire[2]).toMatch(/^0\{"sid":/);
  });

  it("with connection state recovery on, a middleware's emit still goes straight to its client", async () => {
    const recovering = await startServer({ connectionStateRecovery: {} });
    try {
      recovering.io.use((socket, next) => {
        socket.emit("session", "s-2");
        next();
      });
      const client = recovering.client();
      const [id] = await waitFor<[string]>(client, "session");
      expect(id).toBe("s-2");
      expect(client.connected).toBe(true);
    } finally {
      await recovering.close();
    }
  });

  it("a refused socket fails the acks with timeout its middleware asked for, and takes no more emits", async () => {
    let refused: Socket | undefined;
    const failures: unknown[] = [];
    ts.io.use((socket, next) => {
      refused = socket;
      socket.timeout(60_000).emit("ask", (err: Error | null) => failures.push(err));
      const pending = socket.timeout(60_000).emitWithAck("ask");
      pending.catch((err: unknown) => failures.push(err));
      next(new Error("no"));
    });
    const client = ts.client();
    await waitFor(client, "connect_error");
    await delay(20);
    expect(failures).toHaveLength(2);
    for (const err of failures) expect(err).toMatchObject({ code: "ERR_SERVER_SOCKET_DISCONNECTED" });
    expect(refused!.emit("late")).toBe(false);
    await expect(refused!.emitWithAck("late")).rejects.toMatchObject({ code: "ERR_SERVER_SOCKET_DISCONNECTED" });
  });

  it("a connection middleware that throws refuses that client, and the server keeps serving", async () => {
    ts.io.use((socket, next) => {
      // A client without auth.token makes this throw (a TypeError), as hostile input may.
      if (socket.handshake.auth.token.length > 0) next();
      else next(new Error("empty token"));
    });
    const anonymous = ts.client();
    const [refusal] = await waitFor<[Error]>(anonymous, "connect_error");
    expect(refusal.message).toMatch(/Cannot read properties of undefined/);
    const { socket } = await connectPair(ts, "/", { auth: { token: "t" } });
    expect(socket.connected).toBe(true);
  });

  it("an async connection middleware that rejects before next() refuses with its error", async () => {
    ts.io.use(async () => {
      await delay(1); // a lookup in a store that is down
      throw new Error("store down");
    });
    const [refusal] = await waitFor<[Error]>(ts.client(), "connect_error");
    expect(refusal.message).toBe("store down");
  });

  it("ignores a second next() call", async () => {
    ts.io.use((_socket, next) => {
      next();
      next(new Error("late"));
    });
    const { socket } = await connectPair(ts);
    expect(socket.connected).toBe(true);
  });
});

describe("socket.use (event middlewares)", () => {
  it("sees [event, ...args] and can change them before listeners run", async () => {
    const { client, socket } = await connectPair(ts);
    socket.use((packet, next) => {
      if (packet[0] === "add") packet[1] = (packet[1] as number) * 10;
      next();
    });
    const got = waitFor(socket, "add");
    client.emit("add", 4);
    expect(await got).toEqual([40]);
  });

  it("blocks an event with an error, emitted as the socket's error event", async () => {
    const { client, socket } = await connectPair(ts);
    socket.use(([event], next) => (event === "forbidden" ? next(new Error("blocked")) : next()));
    let reached = false;
    socket.on("forbidden", () => {
      reached = true;
    });
    const errored = waitFor<[Error]>(socket, "error");
    client.emit("forbidden");
    const [err] = await errored;
    expect(err.message).toBe("blocked");
    const allowed = waitFor(socket, "allowed");
    client.emit("allowed", 1);
    expect(await allowed).toEqual([1]);
    expect(reached).toBe(false);
  });

  it("an event middleware that throws blocks the event, as next(err) would", async () => {
    const { client, socket } = await connectPair(ts);
    let delivered = false;
    socket.use(([, payload], next) => {
      if ((payload as { n: number }).n > 0) next();
    });
    socket.on("count", () => (delivered = true));
    const failed = waitFor<[Error]>(socket, "error");
    client.emit("count", null);
    expect((await failed)[0]).toBeInstanceOf(TypeError);
    await delay(20);
    expect(delivered).toBe(false);
  });

  it("a blocked event without an error listener is dropped without crashing", async () => {
    const { client, socket } = await connectPair(ts);
    socket.use((_packet, next) => next(new Error("always")));
    client.emit("x");
    await delay(50);
    expect(socket.connected).toBe(true);
  });

  it("onAny sees every incoming event before the middlewares", async () => {
    const { client, socket } = await connectPair(ts);
    const seen: unknown[][] = [];
    const listener = (...args: unknown[]) => seen.push(args);
    socket.onAny(listener);
    socket.prependAny((...args: unknown[]) => seen.push(["first", ...args]));
    expect(socket.listenersAny()).toHaveLength(2);
    const got = waitFor(socket, "e1");
    client.emit("e1", 1);
    await got;
    expect(seen).toEqual([
      ["first", "e1", 1],
      ["e1", 1],
    ]);
    socket.offAny(listener);
    expect(socket.listenersAny()).toHaveLength(1);
    socket.offAny();
    expect(socket.listenersAny()).toHaveLength(0);
  });

  it("onAnyOutgoing sees emits and broadcasts", async () => {
    const { client, socket } = await connectPair(ts);
    const seen: unknown[][] = [];
    const listener = (...args: unknown[]) => seen.push(args);
    socket.onAnyOutgoing(listener);
    socket.prependAnyOutgoing((...args: unknown[]) => seen.push(["first", ...args]));
    expect(socket.listenersAnyOutgoing()).toHaveLength(2);
    const first = waitFor(client, "direct");
    socket.emit("direct", 1);
    await first;
    const second = waitFor(client, "all");
    ts.io.emit("all", 2);
    await second;
    expect(seen).toEqual([
      ["first", "direct", 1],
      ["direct", 1],
      ["first", "all", 2],
      ["all", 2],
    ]);
    socket.offAnyOutgoing(listener);
    expect(socket.listenersAnyOutgoing()).toHaveLength(1);
    socket.offAnyOutgoing();
    expect(socket.listenersAnyOutgoing()).toEqual([]);
  });
});

describe("socket.use and io.use together", () => {
  it("a connection middleware's data is visible in event listeners", async () => {
    ts.io.use((socket: Socket, next) => {
      socket.data = { role: "admin" };
      next();
    });
    const { client, socket } = await connectPair(ts);
    const got = new Promise((resolve) => socket.on("whoami", (ack: (r: unknown) => void) => ack(socket.data)));
    void got;
    const answer = await client.emitWithAck("whoami");
    expect(answer).toEqual({ role: "admin" });
  });
});
