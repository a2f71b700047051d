// Review finding: with any middleware installed, an exception thrown after it called `next()`
// (by a "connection" listener, say) was caught by the middleware runner and dropped without a
// trace, where without middlewares it surfaces from handleRequest as any listener's throw does.
// A throw before `next()` is still the middleware's own error: a refusal.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { Server } from "socketry/engine";
import { raw } from "./helpers.js";

interface Harness {
  engine: Server;
  http: HttpServer;
  port: number;
  /** What escaped engine.handleRequest. */
  escaped: unknown[];
}

async function harness(configure: (engine: Server) => void): Promise<Harness> {
  const engine = new Server();
  configure(engine);
  const escaped: unknown[] = [];
  const http = createServer((req, res) => {
    try {
      engine.handleRequest(req, res);
    } catch (error) {
      escaped.push(error);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { engine, http, port: (http.address() as AddressInfo).port, escaped };
}

describe("engine.use(): throws after next() are not swallowed", () => {
  let current: Harness | undefined;
  afterEach(async () => {
    if (current === undefined) return;
    current.engine.close();
    current.http.closeAllConnections();
    await new Promise<void>((resolve) => current?.http.close(() => resolve()));
    current = undefined;
  });

  const failingListener = (engine: Server) =>
    engine.on("connection", () => {
      throw new Error("bug in a connection listener");
    });

  test("without middleware, a connection listener's throw escapes handleRequest (the reference)", async () => {
    current = await harness(failingListener);
    await raw(current.port, "/engine.io/?EIO=4&transport=polling");
    expect(current.escaped.map((e) => (e as Error).message)).toEqual(["bug in a connection listener"]);
  });

  test("with middlewares that call next() synchronously, the same throw escapes too", async () => {
    current = await harness((engine) => {
      engine.use((_req, _res, next) => next());
      engine.use((_req, _res, next) => next());
      failingListener(engine);
    });
    await raw(current.port, "/engine.io/?EIO=4&transport=polling");
    expect(current.escaped.map((e) => (e as Error).message)).toEqual(["bug in a connection listener"]);
  });

  test("a middleware that throws before next() still refuses the request (code 3, MIDDLEWARE_FAILURE)", async () => {
    const contexts: string[] = [];
    current = await harness((engine) => {
      engine.use(() => {
        throw new Error("refused by the middleware");
      });
      engine.on("connection_error", (error) => contexts.push(error.context.name));
    });
    const res = await raw(current.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 3, message: "Bad request" });
    expect(contexts).toEqual(["MIDDLEWARE_FAILURE"]);
    expect(current.escaped).toEqual([]);
  });
});
