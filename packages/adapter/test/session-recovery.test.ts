// Connection state recovery as a user sees it, with our SessionAwareAdapter in the official
// socket.io 4.8 server and the official client, over both transports.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { SessionAwareAdapter, type SessionAwareAdapterOptions } from "@socketry/adapter";
import { until } from "./helpers/servers.js";

let cleanup: Array<() => void> = [];

afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

async function setup(
  transport: "polling" | "websocket",
  maxDisconnectionDuration: number,
  store: SessionAwareAdapterOptions = {},
  reconnectionDelay = 100,
) {
  const http = createServer();
  const io = new Server(http, {
    connectionStateRecovery: { maxDisconnectionDuration },
    adapter: class extends SessionAwareAdapter {
      constructor(nsp: any) {
        super(nsp, store);
      }
    } as any,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = ioc(url, {
    transports: [transport],
    reconnectionDelay,
    reconnectionDelayMax: reconnectionDelay,
    randomizationFactor: 0,
  });
  const received: unknown[] = [];
  client.on("msg", (value: unknown) => received.push(value));
  const first = await new Promise<ServerSocket>((resolve) => io.once("connection", resolve));
  await until(() => client.connected);
  cleanup.push(() => {
    client.disconnect();
    io.close();
  });
  return { io, client, first, received };
}

/** Drops the connection from the server side, then runs `whileAway` once the server saw it go. */
async function dropAndReconnect(
  io: Server,
  client: ClientSocket,
  socket: ServerSocket,
  whileAway: () => void | Promise<void>,
) {
  const gone = new Promise<string>((resolve) => socket.once("disconnect", resolve));
  socket.conn.close();
  const back = new Promise<ServerSocket>((resolve) => io.once("connection", resolve));
  expect(await gone).toBe("forced close");
  await whileAway();
  const reconnected = await back;
  await until(() => client.connected);
  return reconnected;
}

describe.each(["websocket", "polling"] as const)("connection state recovery over %s", (transport) => {
  test("a client back in time gets its id, rooms, data and the packets it missed, in order, once", async () => {
    const { io, client, first, received } = await setup(transport, 5_000);
    first.join("room");
    first.data = { user: "ann" };
    io.to("room").emit("msg", 1);
    await until(() => received.length === 1);
    const back = await dropAndReconnect(io, client, first, () => {
      io.to("room").emit("msg", 2);
      io.to("elsewhere").emit("msg", "not for me");
      io.volatile.emit("msg", "volatile");
      io.emit("msg", 3);
      io.except("room").emit("msg", "excepted");
    });
    expect(back.recovered).toBe(true);
    expect(client.recovered).toBe(true);
    expect(back.id).toBe(first.id);
    expect(back.rooms.has("room")).toBe(true);
    expect(back.data).toEqual({ user: "ann" });
    io.emit("msg", "after");
    await until(() => received.includes("after"));
    expect(received).toEqual([1, 2, 3, "after"]);
  });

  test("a session away longer than maxDisconnectionDuration starts afresh", async () => {
    // Away for 500 ms (the client's reconnection delay), with a 200 ms limit.
    const { io, client, first, received } = await setup(transport, 200, {}, 500);
    io.emit("msg", 1);
    await until(() => received.length === 1);
    const back = await dropAndReconnect(io, client, first, () => {
      io.emit("msg", "missed");
    });
    expect(back.recovered).toBe(false);
    expect(back.id).not.toBe(first.id);
    expect(received).toEqual([1]);
  });

  test("a session whose missed packets were dropped by the bound starts afresh", async () => {
    const { io, client, first, received } = await setup(transport, 5_000, { maxPackets: 2 });
    io.emit("msg", 1);
    await until(() => received.length === 1);
    const back = await dropAndReconnect(io, client, first, () => {
      for (let i = 2; i <= 5; i++) io.emit("msg", i);
    });
    expect(back.recovered).toBe(false);
    expect(client.recovered).toBe(false);
    expect(received).toEqual([1]);
  });
});
