// Shared setup for the engine's end-to-end and raw-protocol tests: a real HTTP server on
// 127.0.0.1 with a user route next to the engine, and bounded waits.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { attach, type EngineOptions, type Server } from "socketry/engine";

export interface Running {
  engine: Server;
  http: HttpServer;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** An http server whose own route "/hello" answers "world", with an engine attached. */
export async function startEngine(options: EngineOptions = {}): Promise<Running> {
  const http = createServer((req, res) => {
    if (req.url === "/hello") res.end("world");
    else res.writeHead(404).end();
  });
  const engine = attach(http, options);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    engine,
    http,
    port,
    url: `http://127.0.0.1:${port}`,
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

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** A plain HTTP request to the engine, with no client library. */
export function raw(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`request ${path} timed out`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Opens a session over raw polling; returns the sid and the open packet's fields. */
export async function rawHandshake(port: number, query = "EIO=4&transport=polling") {
  const res = await raw(port, `/engine.io/?${query}`);
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

/** Sends a raw WebSocket upgrade and returns the head of the answer (status line and headers). */
export function rawUpgrade(port: number, query: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no answer to the upgrade"));
    }, 5000);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received.split("\r\n\r\n")[0] as string);
    };
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.includes("\r\n\r\n")) done();
    });
    socket.on("close", done);
    socket.write(
      `GET /engine.io/?EIO=4&transport=websocket&${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
  });
}
