// Review finding: the stand-in response middlewares get on a WebSocket upgrade wrote their header
// values raw into the 101 (or refusal) answer. A middleware that copies client input into a header
// (a query value is percent-decoded, so "%0d%0a" is a real CR LF) let a client add lines of its
// own to the answer (response splitting). ServerResponse refuses such values with ERR_INVALID_CHAR;
// the stand-in now refuses them the same way, so the upgrade is refused like the HTTP request is.
import { afterEach, describe, expect, test } from "vitest";
import type { Server } from "socketry/engine";
import { raw, rawUpgrade, startEngine, type Running } from "./helpers.js";

type Query = Record<string, string>;

function echoMiddleware(engine: Server): void {
  engine.use((req, res, next) => {
    const query = (req as typeof req & { _query: Query })._query;
    if (query.echo !== undefined) res.setHeader("X-Echo", query.echo);
    if (query.reason !== undefined) {
      res.statusCode = 403;
      res.statusMessage = query.reason;
      res.end();
      return;
    }
    next();
  });
}

const INJECTED = "a%0d%0aSet-Cookie:%20injected=1";

describe("upgrade answers carry no header lines taken from client input", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test("a header value with CR LF refuses the upgrade as it refuses the polling request", async () => {
    running = await startEngine();
    echoMiddleware(running.engine);
    const contexts: string[] = [];
    running.engine.on("connection_error", (error) => contexts.push(error.context.name));

    const polling = await raw(running.port, `/engine.io/?EIO=4&transport=polling&echo=${INJECTED}`);
    expect(polling.status).toBe(400);
    expect(polling.headers["set-cookie"]).toBeUndefined();

    const head = await rawUpgrade(running.port, `echo=${INJECTED}`);
    expect(head).not.toMatch(/^Set-Cookie: injected=1$/im);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(contexts).toEqual(["MIDDLEWARE_FAILURE", "MIDDLEWARE_FAILURE"]);
  });

  test("a clean value still reaches the 101 answer", async () => {
    running = await startEngine();
    echoMiddleware(running.engine);
    const head = await rawUpgrade(running.port, "echo=hello");
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toMatch(/^X-Echo: hello$/im);
  });

  test("a status message with CR LF is not written on a middleware's refusal", async () => {
    running = await startEngine();
    echoMiddleware(running.engine);
    const head = await rawUpgrade(running.port, "reason=No%0d%0aSet-Cookie:%20injected=1");
    expect(head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(head).not.toMatch(/^Set-Cookie: injected=1$/im);
  });
});
