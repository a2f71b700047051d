// The seed's framework forms: Express 5 and Koa 3 apps behind `http.createServer(app)` /
// `http.createServer(app.callback())`, with `io(httpServer, opts)` on the same server. The apps'
// own routes keep answering, including unknown paths, which stay the app's (its 404).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import Koa from "koa";
import { afterEach, expect, test } from "vitest";
import io, { type Server } from "socketry";
import { httpGet, listenLocal, roundTrip, withTimeout } from "./helpers.js";

let opened: Server | undefined;
afterEach(async () => {
  await withTimeout(opened?.close() ?? Promise.resolve(), 5_000, "io.close()");
  opened = undefined;
});

async function checkApp(handler: Parameters<typeof createServer>[1], poweredBy: RegExp | undefined): Promise<void> {
  const http = createServer(handler);
  opened = io(http, { path: "/rt/", pingInterval: 4_444 });
  await listenLocal(http);
  const port = (http.address() as AddressInfo).port;
  await roundTrip(opened, `http://127.0.0.1:${port}`, { path: "/rt/" });
  const route = await httpGet(port, "/api/hello");
  expect(route.status).toBe(200);
  expect(route.text).toBe("hello from the app");
  const unknown = await httpGet(port, "/nowhere");
  expect(unknown.status).toBe(404);
  if (poweredBy) expect(unknown.headers["x-powered-by"]).toMatch(poweredBy);
  expect((await httpGet(port, "/rt/socket.io.js")).status).toBe(200);
  const handshake = await httpGet(port, "/rt/?EIO=4&transport=polling");
  expect(JSON.parse(handshake.text.slice(1)).pingInterval).toBe(4_444);
}

test("Express 5: http.createServer(app) + io(httpServer, opts)", async () => {
  const app = express();
  app.get("/api/hello", (_req, res) => res.send("hello from the app"));
  // Express marks its own responses, so the 404 for an unknown path is seen to be the app's.
  await checkApp(app, /Express/);
});

test("Koa 3: http.createServer(app.callback()) + io(httpServer, opts)", async () => {
  const app = new Koa();
  app.use((ctx) => {
    if (ctx.path === "/api/hello") ctx.body = "hello from the app";
  });
  await checkApp(app.callback(), undefined);
});
