// Connection state recovery with the official client, over both transports: a client whose
// connection the server drops comes back with its id, rooms and data, and gets every packet it
// missed, once and in order; an expired session or an unknown offset gives a fresh session.
import { afterEach, describe, expect, it } from "vitest";
import type { Socket } from "../src/index.js";
import { connectPair, delay, startServer, waitFor, type ClientSocket, type TestServer } from "./helpers.js";

let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

const TRANSPORTS = ["websocket", "polling"] as const;

/** Drops the session from the server's side: the TCP connection for WebSocket, a close for polling. */
function dropFromServer(socket: Socket): void {
  const transport = socket.conn.transport as unknown as { name: string; socket?: { _socket?: { destroy(): void } } };
  if (transport.name === "websocket" && transport.socket?._socket) transport.socket._socket.destroy();
  else socket.conn.close();
}

/** Collects the events the client receives, without the offset the server appends to each broadcast. */
function received(client: ClientSocket): string[] {
  const seen: string[] = [];
  client.onAny((event: string, ...args: unknown[]) => {
    const payload = args.length > 1 ? args.slice(0, -1) : [];
    seen.push(payload.length === 0 ? event : `${event}:${payload.join(",")}`);
  });
  return seen;
}

async function recoveringPair(transport: (typeof TRANSPORTS)[number], reconnectionDelay = 50) {
  const pair = await connectPair(ts, "/", {
    transports: [transport],
    reconnection: true,
    reconnectionDelay,
    reconnectionDelayMax: reconnectionDelay,
  });
  return pair;
}

describe.each(TRANSPORTS)("connection state recovery over %s", (transport) => {
  it("after a server-side drop: same id, rooms and data, every missed packet once and in order", async () => {
    ts = await startServer({ connectionStateRecovery: {} });
    const { client, socket } = await recoveringPair(transport);
    expect(socket.recovered).toBe(false);
    expect(client.recovered).toBe(false);
    socket.join("room");
    socket.data = { user: "ann" };
    const seen = received(client);
    const first = waitFor(client, "before");
    ts.io.emit("before", 1); // the client learns an offset
    await first;

    const gone = waitFor(socket, "disconnect");
    dropFromServer(socket);
    expect(["transport close", "forced close"]).toContain((await gone)[0]);
    const back = waitFor<[Socket]>(ts.io, "connection");
    ts.io.to("room").emit("missed", 2);
    ts.io.emit("missed", 3);
    ts.io.to("other-room").emit("not-for-you", 4);
    socket.emit("direct", 5); // to the socket while it is away: kept for its return, as officially

    const [restored] = await back;
    await waitFor(client, "connect");
    await delay(50);
    expect(restored.recovered).toBe(true);
    expect(client.recovered).toBe(true);
    expect(restored.id).toBe(socket.id);
    expect(client.id).toBe(socket.id);
    expect(restored.rooms).toEqual(new Set([socket.id, "room"]));
    expect(restored.data).toEqual({ user: "ann" });
    expect(seen).toEqual(["before:1", "missed:2", "missed:3", "direct:5"]);

    // The restored socket is a regular one: direct emits (kept too) and rooms work.
    const after = waitFor(client, "after");
    restored.emit("after", 6);
    expect((await after)[0]).toBe(6);
    expect(socket.emit("to-the-old-object", 7)).toBe(true); // the same session: it still reaches the client
    await waitFor(client, "to-the-old-object");
    const inRoom = waitFor(client, "room-again");
    ts.io.to("room").emit("room-again");
    await inRoom;
  });

  it("an expired session gives a fresh one: new id, no room, no data", async () => {
    ts = await startServer({ connectionStateRecovery: { maxDisconnectionDuration: 100 } });
    const { client, socket } = await recoveringPair(transport, 400);
    socket.join("room");
    socket.data = { user: "ann" };
    const first = waitFor(client, "before");
    ts.io.emit("before");
    await first;
    const back = waitFor<[Socket]>(ts.io, "connection");
    dropFromServer(socket);
    const [fresh] = await back;
    await waitFor(client, "connect");
    expect(fresh.recovered).toBe(false);
    expect(client.recovered).toBe(false);
    expect(fresh.id).not.toBe(socket.id);
    expect(fresh.rooms).toEqual(new Set([fresh.id]));
    expect(fresh.data).toEqual({});
  });

  it("an unknown offset gives a fresh session", async () => {
    ts = await startServer({ connectionStateRecovery: {} });
    const { client, socket } = await recoveringPair(transport);
    const first = waitFor(client, "before");
    ts.io.emit("before");
    await first;
    (client as unknown as { _lastOffset: string })._lastOffset = "no-such-offset";
    const back = waitFor<[Socket]>(ts.io, "connection");
    dropFromServer(socket);
    const [fresh] = await back;
    await waitFor(client, "connect");
    expect(fresh.recovered).toBe(false);
    expect(client.recovered).toBe(false);
    expect(fresh.id).not.toBe(socket.id);
  });
});

describe("connection state recovery and middlewares", () => {
  for (const skipMiddlewares of [true, false]) {
    it(`skipMiddlewares: ${skipMiddlewares} — the middlewares ${skipMiddlewares ? "are skipped" : "run"} on a recovery`, async () => {
      ts = await startServer({ connectionStateRecovery: { skipMiddlewares } });
      const runs: boolean[] = [];
      ts.io.use((socket, next) => {
        runs.push(socket.recovered);
        next();
      });
      const { client, socket } = await recoveringPair("websocket");
      const first = waitFor(client, "before");
      ts.io.emit("before");
      await first;
      const back = waitFor<[Socket]>(ts.io, "connection");
      dropFromServer(socket);
      const [restored] = await back;
      expect(restored.recovered).toBe(true);
      expect(runs).toEqual(skipMiddlewares ? [false] : [false, true]);
    });
  }

  it("a middleware may still refuse a recovered session (skipMiddlewares: false)", async () => {
    ts = await startServer({ connectionStateRecovery: { skipMiddlewares: false } });
    ts.io.use((socket, next) => next(socket.recovered ? new Error("not again") : undefined));
    const { client, socket } = await recoveringPair("websocket");
    const first = waitFor(client, "before");
    ts.io.emit("before");
    await first;
    const refused = waitFor(client, "connect_error");
    dropFromServer(socket);
    expect((await refused)[0].message).toBe("not again");
    expect(ts.io.sockets.adapter.rooms.size).toBe(0);
  });
});

describe("connection state recovery off (the default)", () => {
  it("no pid in the CONNECT answer, no offset on broadcasts, a pid/offset auth is just auth", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    const answer = await raw.connect("/", { pid: "p", offset: "o" });
    expect(JSON.parse(answer.slice(1))).toEqual({ sid: expect.any(String) });
    ts.io.emit("hello", 1);
    expect(await raw.nextMessage()).toBe('2["hello",1]');
  });
});
