// attach(): the pre-route handler sees each request before the engine and the user's handlers, and
// leaves with the engine's takeover of "request".
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import { expect, test } from "vitest";
import { PRE_ROUTE, Server, type PreRoute } from "../src/index.js";
import { FakeTransport } from "./fake-transport.js";
import { mockRequest, mockResponse } from "./mock-http.js";

const registry = { fake: FakeTransport };

test("the pre-route handler runs first; what it leaves goes to the engine or the user's handlers", () => {
  const http = new EventEmitter();
  const seen: string[] = [];
  const mine = (req: IncomingMessage) => seen.push(`user ${req.url}`);
  http.on("request", mine);
  const preRoute: PreRoute = (req) => {
    seen.push(`pre ${req.url}`);
    return req.url === "/engine.io/bundle.js";
  };
  const engine = new Server({ transports: ["fake"] }, registry).attach(http, { [PRE_ROUTE]: preRoute });
  for (const url of ["/engine.io/bundle.js", "/hello", "/engine.io/?EIO=4&transport=fake"]) {
    http.emit("request", mockRequest(url), mockResponse().res);
  }
  expect(seen).toEqual([
    "pre /engine.io/bundle.js",
    "pre /hello",
    "user /hello",
    "pre /engine.io/?EIO=4&transport=fake",
  ]);
  expect(engine.clientsCount).toBe(1);
  // Closing the engine restores the user's handler, alone.
  engine.close();
  expect(http.listeners("request")).toEqual([mine]);
});

test("a pre-route handler that is not a function is refused with a typed error, the user's handlers untouched", () => {
  const engine = new Server({ transports: ["fake"] }, registry);
  const http = new EventEmitter();
  const mine = () => {};
  http.on("request", mine);
  const options = { [PRE_ROUTE]: "nope" as unknown as PreRoute };
  expect(() => engine.attach(http, options)).toThrow(expect.objectContaining({ code: "ERR_ENGINE_INVALID_OPTION" }));
  expect(http.listeners("request")).toEqual([mine]);
});
