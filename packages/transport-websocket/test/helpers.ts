// The websocket transport's behaviour tests run against its own public surface: an engine from
// @socketry/engine with `WebSocket` as its only transport, attached to a real HTTP server on
// 127.0.0.1, driven by a raw `ws` client (no Engine.IO client), with bounded waits.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket as NetSocket } from "node:net";
import { Server, type AttachOptions, type ServerOptions, type Socket } from "@socketry/engine";
import WebSocketClient from "ws";
import { WebSocket } from "../src/index.js";

export interface Running {
  engine: Server;
  http: HttpServer;
  port: number;
  stop(): Promise<void>;
}

/** An http server with a websocket-only engine on /engine.io/. */
export async function startEngine(options: ServerOptions & AttachOptions = {}): Promise<Running> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const engine = new Server({ transports: [WebSocket], ...options });
  engine.attach(http, options);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    engine,
    http,
    port,
    async stop() {
      engine.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Resolves on the first `event`, rejects after `ms`. */
export function once<T = unknown>(
  emitter: { once(event: string, fn: (...args: any[]) => void): unknown },
  event: string,
  ms = 5000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}"`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve((args.length > 1 ? args : args[0]) as T);
    });
  });
}

/** Polls `check` every 10 ms until it holds, for at most `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const wsUrl = (port: number, extra = "") =>
  `ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket${extra}`;

/** A websocket-only v4 session opened with a raw client: the client and the session id. */
export async function openRaw(port: number, extra = ""): Promise<{ ws: WebSocketClient; sid: string }> {
  const ws = new WebSocketClient(wsUrl(port, extra));
  const [first] = await once<[Buffer]>(ws, "message");
  return { ws, sid: JSON.parse(first.toString().slice(1)).sid as string };
}

export function closeOf(socket: Socket | undefined): Promise<[string, { code?: string } | undefined]> {
  if (socket === undefined) throw new Error("no session");
  return once(socket, "close");
}

/** A session of the running engine and the raw client that opened it, with what the client got. */
export interface RawPeer {
  socket: Socket;
  client: WebSocketClient;
  /** Every byte the client's TCP socket got after the handshake. */
  bytes: Buffer[];
  /** Every message the client got after the handshake. */
  messages: Buffer[];
}

/** `count` sessions opened one after another by raw clients, which go into `clients` (to close). */
export async function rawPeers(
  running: Running,
  count: number,
  clients: WebSocketClient[],
  extra = "",
): Promise<RawPeer[]> {
  const list: RawPeer[] = [];
  for (let i = 0; i < count; i++) {
    const connection = once<Socket>(running.engine, "connection");
    const { ws } = await openRaw(running.port, extra);
    clients.push(ws);
    const peer: RawPeer = { socket: await connection, client: ws, bytes: [], messages: [] };
    (ws as unknown as { _socket: NetSocket })._socket.on("data", (chunk: Buffer) => peer.bytes.push(chunk));
    ws.on("message", (data: Buffer) => peer.messages.push(data));
    list.push(peer);
  }
  return list;
}
