// Shared setup for the umbrella's tests: the `socketry` Server attached to a real HTTP server on
// 127.0.0.1 (with a user route next to it), the official clients v4/v3/v2, and bounded waits.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as ioV4, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from "socket.io-client";
import { io as ioV3 } from "socket.io-client-v3";
import ioV2 from "socket.io-client-v2";
import { expect } from "vitest";
import { Server, type ServerOptions, type Socket } from "socketry";

export type { ClientSocket };
export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** The smallest client surface the three majors share, for the helpers below. */
export interface AnyClient {
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  emit(event: string, ...args: any[]): unknown;
  disconnect(): unknown;
}

export interface Running {
  io: Server;
  http: HttpServer;
  port: number;
  url(nsp?: string): string;
  /** Official clients; reconnection is off and every one is closed by close(). */
  v4(nsp?: string, opts?: ClientOptions): ClientSocket;
  v3(nsp?: string, opts?: Record<string, unknown>): ReturnType<typeof ioV3>;
  v2(nsp?: string, opts?: Record<string, unknown>): ReturnType<typeof ioV2>;
  close(): Promise<void>;
}

/** The user's own route: "/hello" answers "world", anything else 404. */
export function userRoute(
  req: { url?: string },
  res: { writeHead(s: number): { end(): void }; end(b: string): void },
): void {
  if (req.url === "/hello") res.end("world");
  else res.writeHead(404).end();
}

/** `new Server(httpServer, opts)` on a fresh http server listening on 127.0.0.1. */
export async function startIo(opts: ServerOptions = {}): Promise<Running> {
  const http = createServer(userRoute as never);
  const io = new Server(http, opts);
  await listenLocal(http);
  return running(io, http, (http.address() as AddressInfo).port, opts.path);
}

/** Wraps an io whose http server already listens: client factories and a close that ends them all. */
export function running(io: Server, http: HttpServer, port: number, path = "/socket.io"): Running {
  const clients: AnyClient[] = [];
  const url = (nsp = "/") => `http://127.0.0.1:${port}${nsp}`;
  const base = { forceNew: true, reconnection: false, path };
  const track = <C extends AnyClient>(client: C): C => {
    clients.push(client);
    return client;
  };
  return {
    io,
    http,
    port,
    url,
    v4: (nsp, opts = {}) => track(ioV4(url(nsp), { ...base, ...opts })),
    v3: (nsp, opts = {}) => track(ioV3(url(nsp), { ...base, ...opts })),
    v2: (nsp, opts = {}) => track(ioV2(url(nsp), { ...base, ...opts })),
    async close() {
      for (const client of clients) client.disconnect();
      const closing = io.close();
      http.closeAllConnections();
      await withTimeout(closing, 5_000, "io.close()");
    },
  };
}

export function listenLocal(server: { listen(port: number, host: string, cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

/** Resolves with the arguments of the next `event`, rejects after `ms`. */
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
export async function nextConnection(io: Server, nsp = "/", ms = 5_000): Promise<Socket> {
  const [socket] = await waitFor<[Socket]>(io.of(nsp), "connection", ms);
  return socket;
}

/** Connects `client` and returns the server side once both ends saw the connection. */
export async function pair<C extends AnyClient>(
  io: Server,
  client: C,
  nsp = "/",
): Promise<{ client: C; socket: Socket }> {
  const [socket] = await Promise.all([nextConnection(io, nsp), waitFor(client, "connect")]);
  return { client, socket };
}

/** A client-side emit with an acknowledgement, as a promise of the ack's arguments. */
export function emitAck(client: AnyClient, event: string, ...args: unknown[]): Promise<unknown[]> {
  return withTimeout(
    new Promise((resolve) => client.emit(event, ...args, (...answer: unknown[]) => resolve(answer))),
    5_000,
    `ack of "${event}"`,
  );
}

/** Polls `check` every 10 ms until it holds, for at most `ms`. */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

// One plain HTTP request to 127.0.0.1 (no agent, no client library), bounded by 5 s: the engine
// tests' helper, under the name these tests use.
import { raw as httpGet, type RawResponse as HttpAnswer } from "../engine/helpers.js";

export { httpGet, type HttpAnswer };

/** A raw Engine.IO v4 polling handshake under `path`: the session id and the open packet's fields. */
export async function pollingHandshake(port: number, path = "/socket.io/", headers: Record<string, string> = {}) {
  const res = await httpGet(port, `${path}?EIO=4&transport=polling`, { headers });
  if (res.status !== 200 || !res.text.startsWith("0")) throw new Error(`handshake failed: ${res.status} ${res.text}`);
  const open = JSON.parse(res.text.slice(1)) as {
    sid: string;
    upgrades: string[];
    pingInterval: number;
    pingTimeout: number;
    maxPayload: number;
  };
  return { ...open, response: res };
}

/**
 * The check every initialisation form must pass: an official v4 client on `baseUrl` connects
 * (polling, then the upgrade to websocket), and one acknowledgement goes each way.
 */
export async function roundTrip(io: Server, baseUrl: string, opts: ClientOptions = {}): Promise<Socket> {
  const client = ioV4(baseUrl, { forceNew: true, reconnection: false, ...opts });
  try {
    const { socket } = await pair(io, client);
    socket.on("hello", (name: string, ack: (text: string) => void) => ack(`hello ${name}`));
    expect(await emitAck(client, "hello", "client")).toEqual(["hello client"]);
    client.on("hi", (ack: (text: string) => void) => ack("hi server"));
    expect(await socket.timeout(5_000).emitWithAck("hi")).toBe("hi server");
    await until(() => client.io.engine.transport.name === "websocket" && socket.conn.transport.name === "websocket");
    return socket;
  } finally {
    client.disconnect();
  }
}
