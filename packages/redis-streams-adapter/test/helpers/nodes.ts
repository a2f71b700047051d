// Socket.IO nodes on loopback ports (socketry's server or the official one), official clients,
// and bounded waits.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as OfficialServer } from "socket.io";
import { Server as SocketryServer } from "socketry";
import {
  io as connectClient,
  type Socket as ClientSocket,
  type SocketOptions,
  type ManagerOptions,
} from "socket.io-client";

export type ServerKind = "socketry" | "socket.io";

export interface TestNode {
  readonly io: any;
  readonly port: number;
  close(): Promise<void>;
}

export async function startNode(
  kind: ServerKind,
  adapter: unknown,
  options: Record<string, unknown> = {},
): Promise<TestNode> {
  const http = createServer();
  const ServerClass: any = kind === "socketry" ? SocketryServer : OfficialServer;
  const io = new ServerClass(http, { adapter, ...options });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  let closed = false;
  return {
    io,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export function client(port: number, options: Partial<ManagerOptions & SocketOptions> = {}, nsp = "/"): ClientSocket {
  return connectClient(`http://127.0.0.1:${port}${nsp}`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...options,
  });
}

export async function connect(
  port: number,
  options: Partial<ManagerOptions & SocketOptions> = {},
  nsp = "/",
): Promise<ClientSocket> {
  const socket = client(port, options, nsp);
  await nextEvent(socket, "connect", 5000);
  return socket;
}

/** Resolves with the arguments of the next `event`, or rejects after `ms`. */
export function nextEvent<T = unknown>(
  emitter: { once(ev: string, fn: (...args: any[]) => void): unknown },
  event: string,
  ms = 3000,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    emitter.once(event, (...args: T[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Polls `check` until it returns true, at most `ms`. */
/** Drops a client's connection from its side (its engine closes) and waits for "disconnect". */
export async function dropConnection(socket: ClientSocket): Promise<void> {
  const gone = nextEvent(socket, "disconnect");
  (socket as any).io.engine.close();
  await gone;
}

/** Reconnects the same (disconnected) client object to the node on `port` and waits for "connect". */
export async function reconnectTo(socket: ClientSocket, port: number): Promise<void> {
  (socket as any).io.uri = `http://127.0.0.1:${port}`;
  const back = nextEvent(socket, "connect", 5000);
  socket.connect();
  await back;
}

export async function until(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`${what} not met within ${ms} ms`);
}

/** Records the arguments of every `event` a client receives. */
export function record(socket: ClientSocket, event: string): unknown[][] {
  const received: unknown[][] = [];
  socket.on(event, (...args: unknown[]) => received.push(args));
  return received;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
