// Test harness: an HTTP server on 127.0.0.1, an official engine.io 6 server attached to it, and
// our Server bound to that engine; official clients (v4, v3, v2) and a raw WebSocket client.
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as EngineServer, type ServerOptions as EngineOptions } from "engine.io";
import { io as ioV4, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from "socket.io-client";
import { io as ioV3 } from "socket.io-client-v3";
import ioV2 from "socket.io-client-v2";
import WebSocket from "ws";
import { Server, type ServerOptions } from "../src/index.js";

export type { ClientSocket };

export interface TestServer {
  io: Server;
  http: HttpServer;
  engine: EngineServer;
  port: number;
  url(nsp?: string): string;
  /** A v4 client (websocket only unless opts say otherwise); closed by close(). */
  client(nsp?: string, opts?: Partial<ManagerOptions & SocketOptions>): ClientSocket;
  clientV3(nsp?: string, opts?: Record<string, unknown>): ReturnType<typeof ioV3>;
  clientV2(nsp?: string, opts?: Record<string, unknown>): ReturnType<typeof ioV2>;
  raw(eio?: 3 | 4): Promise<RawClient>;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}, engineOpts: EngineOptions = {}): Promise<TestServer> {
  const http = createServer();
  const engine = new EngineServer({ pingInterval: 10_000, pingTimeout: 5_000, ...engineOpts });
  engine.attach(http, { path: "/socket.io/" });
  const io = new Server(opts).bind(engine);
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const port = (http.address() as AddressInfo).port;
  const closers: Array<() => void> = [];
  const url = (nsp = "/") => `http://127.0.0.1:${port}${nsp}`;
  return {
    io,
    http,
    engine,
    port,
    url,
    client(nsp = "/", clientOpts = {}) {
      const socket = ioV4(url(nsp), { forceNew: true, transports: ["websocket"], reconnection: false, ...clientOpts });
      closers.push(() => socket.disconnect());
      return socket;
    },
    clientV3(nsp = "/", clientOpts = {}) {
      const socket = ioV3(url(nsp), { forceNew: true, transports: ["websocket"], reconnection: false, ...clientOpts });
      closers.push(() => socket.disconnect());
      return socket;
    },
    clientV2(nsp = "/", clientOpts = {}) {
      const socket = ioV2(url(nsp), { forceNew: true, transports: ["websocket"], reconnection: false, ...clientOpts });
      closers.push(() => socket.disconnect());
      return socket;
    },
    async raw(eio = 4) {
      const client = await RawClient.open(port, eio);
      closers.push(() => client.close());
      return client;
    },
    async close() {
      for (const close of closers) close();
      await io.close();
      http.close();
      http.closeAllConnections();
    },
  };
}

/** Resolves with the arguments of the next `event`, or rejects after `ms`. */
export function waitFor<T extends unknown[] = any[]>(
  emitter: { once(event: string, listener: (...args: any[]) => void): unknown },
  event: string,
  ms = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}"`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

/** The server-side socket of the next connection on `nsp`. */
export function nextConnection(io: Server, nsp = "/") {
  return waitFor<[import("../src/index.js").Socket]>(io.of(nsp), "connection").then(([socket]) => socket);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Connects a v4 client and returns both ends once the server accepted it. */
export async function connectPair(ts: TestServer, nsp = "/", opts: Partial<ManagerOptions & SocketOptions> = {}) {
  const serverSide = nextConnection(ts.io, nsp);
  const client = ts.client(nsp, opts);
  const [socket] = await Promise.all([serverSide, waitFor(client, "connect")]);
  return { client, socket };
}

/**
 * A client speaking raw Engine.IO over WebSocket: it sees every Socket.IO packet as text, so a
 * test can send anything, including what no official client would send.
 */
export class RawClient {
  readonly ws: WebSocket;
  readonly #queue: string[] = [];
  #waiter: ((message: string) => void) | undefined;
  readonly closed: Promise<number>;
  isClosed = false;
  /** Set to false to let the server's heartbeat time out. */
  answerPings = true;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on("close", (code) => {
        this.isClosed = true;
        resolve(code);
      });
    });
    ws.on("error", () => {});
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? `<binary ${(data as Buffer).length}>` : data.toString();
      if (text === "2") {
        if (this.answerPings) ws.send("3");
        return;
      }
      if (this.#waiter) {
        const waiter = this.#waiter;
        this.#waiter = undefined;
        waiter(text);
      } else {
        this.#queue.push(text);
      }
    });
  }

  static async open(port: number, eio: 3 | 4 = 4): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=${eio}&transport=websocket`);
    const client = new RawClient(ws);
    await once(ws, "open");
    const open = await client.next();
    if (!open.startsWith("0")) throw new Error(`expected an Engine.IO open packet, got ${open}`);
    return client;
  }

  /** Sends a Socket.IO packet inside an Engine.IO message packet. */
  send(sioPacket: string): void {
    this.ws.send("4" + sioPacket);
  }

  sendBinary(data: Buffer): void {
    this.ws.send(data);
  }

  /** The next Engine.IO packet, as text (rejects after `ms` or when the socket closes first). */
  next(ms = 5_000): Promise<string> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error("timed out waiting for a packet"));
      }, ms);
      this.#waiter = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      void this.closed.then(() => {
        if (this.#waiter === undefined) return;
        clearTimeout(timer);
        this.#waiter = undefined;
        reject(new Error("connection closed"));
      });
    });
  }

  /** The next Socket.IO packet (an Engine.IO "4" message without its prefix). */
  async nextMessage(ms = 5_000): Promise<string> {
    for (;;) {
      const packet = await this.next(ms);
      if (packet.startsWith("4")) return packet.slice(1);
    }
  }

  /** Connects to `nsp` with an optional auth payload and returns the server's answer. */
  async connect(nsp = "/", auth?: unknown): Promise<string> {
    const prefix = nsp === "/" ? "" : `${nsp},`;
    this.send(`0${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
    return this.nextMessage();
  }

  close(): void {
    this.ws.close();
  }
}
