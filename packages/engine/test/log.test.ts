// Debug logs under engine.io-style namespaces: DEBUG=socketry:engine* shows handshakes, refusals
// and closes.
import { format } from "node:util";
import createDebug from "debug";
import { afterEach, expect, test } from "vitest";
import { Server } from "../src/index.js";
import { FakeTransport } from "./fake-transport.js";
import { mockRequest, mockResponse } from "./mock-http.js";

const previousLog = createDebug.log;
afterEach(() => {
  createDebug.disable();
  createDebug.log = previousLog;
});

test("socketry:engine* logs a refusal, a handshake and a session's close, each under its namespace", () => {
  const lines: string[] = [];
  createDebug.log = (...args: unknown[]) => void lines.push(format(...args));
  createDebug.enable("socketry:engine*");
  const server = new Server({ transports: ["fake"] }, { fake: FakeTransport });
  server.handleRequest(mockRequest("/engine.io/?EIO=4&transport=nope"), mockResponse().res);
  server.handleRequest(mockRequest("/engine.io/?EIO=4&transport=fake"), mockResponse().res);
  server.close();
  const joined = lines.join("\n");
  expect(joined).toMatch(/socketry:engine .*TRANSPORT_UNKNOWN/);
  expect(joined).toMatch(/socketry:engine session \S+ opened on fake/);
  expect(joined).toMatch(/socketry:engine:socket session \S+ closed: server shutting down/);
});
