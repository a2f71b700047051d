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
