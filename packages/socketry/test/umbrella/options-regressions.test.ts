import { createRequire } from "node:module";
import { afterEach, expect, test } from "vitest";
import { Server } from "socketry";
import { pair, startIo, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

test("a `path` option with a trailing slash reads back without it, as io.path('/x/') does", () => {
  expect(new Server({ path: "/my-custom-path/" }).path()).toBe("/my-custom-path");
});

test("wsEngine given as a module name uses that module's server class", async () => {
  running = await startIo({ wsEngine: createRequire(import.meta.url).resolve("ws") });
  const { socket } = await pair(running.io, running.v4("/", { transports: ["websocket"] }));
  expect(socket.conn.transport.name).toBe("websocket");
});

test("wsEngine naming a module that is not installed is a coded option error", () => {
  expect(() => new Server({ wsEngine: "no-such-ws-engine" }).listen(0)).toThrow(/wsEngine/);
});
