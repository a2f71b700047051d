// close() leaves nothing behind: sessions on both transports (one mid-heartbeat, one upgraded),
// then engine.close() + http close: no timer, socket or server handle of ours remains.
import { expect, test } from "vitest";
import { Socket as ClientSocket } from "engine.io-client";
import type { Socket } from "socketry/engine";
import { once, raw, startEngine, until } from "./helpers.js";

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

test("engine.close() ends every session and the http server then closes with no handle left", async () => {
  await new Promise((r) => setTimeout(r, 50));
  const before = handles();
  const running = await startEngine({ pingInterval: 1000, pingTimeout: 1000, upgradeTimeout: 1000 });
  const sessions: Socket[] = [];
  running.engine.on("connection", (s: Socket) => sessions.push(s));
  const polling = new ClientSocket(running.url, { transports: ["polling"] });
  const upgraded = new ClientSocket(running.url);
  const wsOnly = new ClientSocket(running.url, { transports: ["websocket"] });
  await until(() => sessions.length === 3 && sessions.some((s) => s.upgraded));
  const reasons: string[] = [];
  for (const s of sessions) s.on("close", (r: string) => reasons.push(r));
  const closes = [polling, upgraded, wsOnly].map((c) => once(c, "close"));

  running.engine.close();
  expect(running.engine.clientsCount).toBe(0);
  expect(reasons).toEqual(["server shutting down", "server shutting down", "server shutting down"]);
  await Promise.all(closes);
  // the user's route still works after the engine detached; the engine path is theirs now (404)
  expect((await raw(running.port, "/hello")).text).toBe("world");
  expect((await raw(running.port, "/engine.io/?EIO=4&transport=polling")).status).toBe(404);
  // stop reconnecting clients (engine.io-client retries by itself only within Socket.IO; be explicit)
  for (const c of [polling, upgraded, wsOnly]) c.close();
  // no closeAllConnections here: the http server must close on its own once clients left
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("http server did not close")), 5000);
    running.http.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  await until(() => {
    const now = handles();
    return (
      (now.Timeout ?? 0) <= (before.Timeout ?? 0) &&
      (now.TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0) &&
      (now.TCPServerWrap ?? 0) <= (before.TCPServerWrap ?? 0)
    );
  }, 3000);
});
