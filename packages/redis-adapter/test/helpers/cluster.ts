// Socketry nodes on their own loopback ports, clients connected to them, and bounded waits.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socketry";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";

export interface TestNode {
  io: Server;
  port: number;
  close(): Promise<void>;
}

export async function startNode(adapter: unknown): Promise<TestNode> {
  const http = createServer();
  const io = new Server(http, { adapter: adapter as never });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  return { io, port, close: () => io.close() };
}

export async function connect(port: number, nsp = "/"): Promise<ClientSocket> {
  const client = connectClient(`http://127.0.0.1:${port}${nsp}`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("connect_error", reject);
  });
  return client;
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
export async function until(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} not met within ${ms} ms`);
}

/** Records the events a client receives. */
export function record(client: ClientSocket, event: string): unknown[][] {
  const received: unknown[][] = [];
  client.on(event, (...args: unknown[]) => received.push(args));
  return received;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
