// Review finding: cookie options the `cookie` package refuses were accepted at construction and
// threw from inside the first handshake's request handler (an uncaught exception: the process
// ends). They are refused by the constructor now, as every other option is.
import { createServer } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { attach, Server } from "socketry/engine";
import { raw, startEngine, type Running } from "./helpers.js";

describe("cookie options are validated at construction", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test.each([
    ["an invalid sameSite", { sameSite: "sometimes" }],
    ["a name with a space", { name: "a b" }],
    ["a domain with a semicolon", { domain: "example.com; Secure" }],
    ["an infinite maxAge", { maxAge: Infinity }],
    ["an unknown priority", { priority: "urgent" }],
  ])("%s is an ERR_ENGINE_INVALID_OPTION TypeError", (_label, cookie) => {
    const thrown = (() => {
      try {
        new Server({ cookie: cookie as never });
      } catch (error) {
        return error as TypeError & { code?: string };
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown?.code).toBe("ERR_ENGINE_INVALID_OPTION");
    // attach() builds the same engine: nothing is left listening on the HTTP server.
    const http = createServer();
    expect(() => attach(http, { cookie: cookie as never })).toThrow(TypeError);
    expect(http.listenerCount("request")).toBe(0);
  });

  test("valid attributes still reach the handshake's Set-Cookie over a real socket", async () => {
    running = await startEngine({
      cookie: { name: "eio", domain: "example.com", maxAge: 60, priority: "high", sameSite: "strict" },
    });
    const res = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
    expect(res.status).toBe(200);
    const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []).join("\n");
    const sid = (JSON.parse(res.text.slice(1)) as { sid: string }).sid;
    expect(cookie).toContain(`eio=${sid}`);
    expect(cookie).toMatch(/Domain=example\.com/);
    expect(cookie).toMatch(/Max-Age=60/);
    expect(cookie).toMatch(/Priority=High/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});
