// Typed events: checked by `tsc -p tsconfig.test.json` (expectTypeOf) and exercised at run time.
import { expect, expectTypeOf, test } from "vitest";
import type { RawData } from "@socketry/engine-parser";
import { Server, type CloseReason, type ConnectionError, type Socket } from "../src/index.js";
import { FakeTransport } from "./fake-transport.js";
import { mockRequest, mockResponse } from "./mock-http.js";

test("server and socket listeners get typed arguments", () => {
  const server = new Server({ transports: ["fake"] }, { fake: FakeTransport });
  const seen: string[] = [];
  server.on("connection", (socket) => {
    expectTypeOf(socket).toEqualTypeOf<Socket>();
    socket.on("message", (data) => {
      expectTypeOf(data).toEqualTypeOf<RawData>();
      seen.push(String(data));
    });
    socket.on("close", (reason, description) => {
      expectTypeOf(reason).toEqualTypeOf<CloseReason>();
      expectTypeOf(description).toEqualTypeOf<unknown>();
      seen.push(reason);
    });
  });
  server.on("connection_error", (error) => expectTypeOf(error).toEqualTypeOf<ConnectionError>());
  server.on("headers", (headers, req) => {
    expectTypeOf(req.url).toEqualTypeOf<string | undefined>();
    headers["X-Typed"] = "1";
  });
  const { res, out } = mockResponse();
  server.handleRequest(mockRequest("/engine.io/?EIO=4&transport=fake"), res);
  expect(out.body).toBe("fake");
  const socket = Object.values(server.clients)[0] as Socket;
  (socket.transport as FakeTransport).receive({ type: "message", data: "typed" });
  server.close();
  expect(seen).toEqual(["typed", "server shutting down"]);
});
