// Express-style middlewares (`engine.use(fn)`): they run on every Engine.IO HTTP request and on
// every WebSocket upgrade, in order, before the engine looks at the request. An upgrade has no
// response object yet, so middlewares get a stand-in that collects their headers for the 101
// answer (helmet, cors, express-session's cookie) and turns `end()` into a refusal.
import {
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import { ignoreError } from "./request.js";
import type { ResponseHeaders } from "./transport.js";

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Runs `middlewares` in order; `done` gets the first error passed to `next` (or thrown), or
 * nothing once the last one called `next`. A middleware that answers without calling `next` ends
 * the chain there. A `next` called twice is ignored the second time. A throw before `next` is the
 * middleware's error; one after it is rethrown, as it would be without any middleware.
 */
export function runMiddlewares(
  middlewares: readonly Middleware[],
  req: IncomingMessage,
  res: ServerResponse,
  done: (error?: unknown) => void,
): void {
  let index = 0;
  const step = (): void => {
    const middleware = middlewares[index++];
    if (middleware === undefined) {
      done();
      return;
    }
    let called = false;
    const next = (error?: unknown): void => {
      if (called) return;
      called = true;
      if (error !== undefined && error !== null) done(error);
      else step();
    };
    try {
      middleware(req, res, next);
    } catch (error) {
      // Once `next` ran, a throw is no refusal any more: it came from what ran after it (the rest
      // of the chain, the engine, a "connection" listener) and must not vanish here.
      if (called) throw error;
      next(error ?? new Error("middleware threw"));
    }
  };
  step();
}

/**
 * What middlewares see as the response of an upgrade request. Headers are kept case-insensitively
 * (a second `setHeader` of the same name replaces the first, as on a ServerResponse) and become
 * extra lines of the 101 answer. `end()` means the middleware refused the upgrade: its status goes
 * out and the connection closes.
 */
export class UpgradeResponse {
  statusCode = 200;
  statusMessage = "";
  headersSent = false;
  writableEnded = false;
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly #headers: ResponseHeaders = {};
  /** lower-case name -> the name it was set with */
  readonly #names = new Map<string, string>();

  constructor(req: IncomingMessage, socket: Duplex) {
    this.req = req;
    this.socket = socket;
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    // Checked as ServerResponse checks them (same errors): these lines are written raw, and a value
    // a middleware took from the query ("%0d%0a") would otherwise split the answer.
    validateHeaderName(name);
    for (const one of Array.isArray(value) ? value : [value]) validateHeaderValue(name, one);
    const lower = name.toLowerCase();
    const previous = this.#names.get(lower);
    if (previous !== undefined) delete this.#headers[previous];
    this.#names.set(lower, name);
    this.#headers[name] = Array.isArray(value) ? [...(value as string[])] : String(value);
    return this;
  }

  getHeader(name: string): string | string[] | undefined {
    const actual = this.#names.get(name.toLowerCase());
    return actual === undefined ? undefined : this.#headers[actual];
  }

  getHeaders(): ResponseHeaders {
    return { ...this.#headers };
  }

  getHeaderNames(): string[] {
    return [...this.#names.keys()];
  }

  hasHeader(name: string): boolean {
    return this.#names.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    const lower = name.toLowerCase();
    const actual = this.#names.get(lower);
    if (actual === undefined) return;
    this.#names.delete(lower);
    delete this.#headers[actual];
  }

  /** Middlewares that wait for the headers (express-session) hook this; the engine calls it once. */
  writeHead(statusCode?: number, ...rest: unknown[]): this {
    if (typeof statusCode === "number") this.statusCode = statusCode;
    const headers = rest.find((arg) => typeof arg === "object" && arg !== null) as Record<string, string> | undefined;
    if (headers !== undefined) for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    return this;
  }

  write(): boolean {
    return true;
  }

  /** A middleware answered the upgrade itself: that answer (without a body) closes the connection. */
  end(): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    this.headersSent = true;
    const socket = this.socket;
    socket.on("error", ignoreError);
    if (socket.writable && !socket.destroyed) {
      const status = this.statusCode >= 200 && this.statusCode !== 101 ? this.statusCode : 400;
      const message = this.statusMessage;
      const reason =
        typeof message === "string" && message !== "" && !/[\r\n]/.test(message) ? message : STATUS_CODES[status] || "";
      let head = `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n`;
      for (const [name, value] of Object.entries(this.#headers)) {
        if (/^(connection|content-length)$/i.test(name)) continue;
        for (const one of Array.isArray(value) ? value : [value]) head += `${name}: ${one}\r\n`;
      }
      socket.write(`${head}\r\n`);
    }
    socket.destroy();
    return this;
  }

  /** The headers middlewares left, for the 101 answer. */
  collected(): ResponseHeaders {
    return this.#headers;
  }
}
