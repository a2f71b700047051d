// attach()/listen() wiring: custom path, trailing slash matching, other paths left to the user,
// destroyUpgrade for upgrades nobody answers, listeners removed on close.
import { createServer } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { attach, listen, Server } from "socketry/engine";
import { raw, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Sends a raw upgrade request to another path; resolves with what the server did within `ms`. */
function upgradeElsewhere(port: number, ms: number): Promise<"ended" | "open"> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write("GET /other HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("open");
    }, ms);
    socket.on("end", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve("ended");
    });
    socket.on("error", () => {});
  });
}

test("a custom path; other paths go to the user's handler", async () => {
  running = await startEngine({ path: "/rt" });
  expect((await raw(running.port, "/rt/?EIO=4&transport=polling")).text.startsWith("0{")).toBe(true);
  expect((await raw(running.port, "/engine.io/?EIO=4&transport=polling")).status).toBe(404);
  expect((await raw(running.port, "/hello")).text).toBe("world");
});

test("addTrailingSlash: false matches the path itself but not a longer name", async () => {
  running = await startEngine({ path: "/rt", addTrailingSlash: false });
  expect((await raw(running.port, "/rt?EIO=4&transport=polling")).text.startsWith("0{")).toBe(true);
  expect((await raw(running.port, "/rtx?EIO=4&transport=polling")).status).toBe(404);
});

test("destroyUpgrade ends unanswered upgrades on other paths; destroyUpgrade: false leaves them", async () => {
  running = await startEngine({ destroyUpgradeTimeout: 50 });
  expect(await upgradeElsewhere(running.port, 2000)).toBe("ended");
  await running.stop();
  running = await startEngine({ destroyUpgrade: false });
  // with destroyUpgrade off the upgrade is the user's: this "user" only holds on to it
  const held: Array<{ destroy(): void }> = [];
  running.http.on("upgrade", (_req, socket: { destroy(): void }) => held.push(socket));
  expect(await upgradeElsewhere(running.port, 300)).toBe("open");
  expect(held).toHaveLength(1);
  for (const socket of held) socket.destroy();
});

test("close() removes the engine's listeners and gives the user's request handler back", async () => {
  const http = createServer((_req, res) => res.end("mine"));
  const before = {
    request: http.listenerCount("request"),
    upgrade: http.listenerCount("upgrade"),
    close: http.listenerCount("close"),
  };
  const engine = attach(http);
  expect(engine).toBeInstanceOf(Server);
  engine.close();
  expect(http.listenerCount("request")).toBe(before.request);
  expect(http.listenerCount("upgrade")).toBe(before.upgrade);
  expect(http.listenerCount("close")).toBe(before.close);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  expect((await raw((http.address() as AddressInfo).port, "/engine.io/?EIO=4&transport=polling")).text).toBe("mine");
  await new Promise<void>((r) => http.close(() => r()));
});

test("listen(port) creates its own http server (501 elsewhere) and exposes it", async () => {
  const engine = listen(0, {});
  const http = engine.httpServer!;
  await new Promise<void>((r) => (http.listening ? r() : http.once("listening", () => r())));
  const port = (http.address() as AddressInfo).port;
  expect((await raw(port, "/elsewhere")).status).toBe(501);
  expect((await raw(port, "/engine.io/?EIO=4&transport=polling")).text.startsWith("0{")).toBe(true);
  engine.close();
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
});
