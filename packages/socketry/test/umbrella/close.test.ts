// io.close() leaves nothing behind: with clients of every major on both transports, a socket in a
// second namespace, a session that never joined a namespace (its connectTimeout timer pending)
// and a bundle served, io.close() ends every socket, closes the http server by itself (no
// closeAllConnections) and the process is back to the timers and sockets it had before.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { Adapter } from "@socketry/adapter";
import { Server, type Socket } from "socketry";
import {
  httpGet,
  listenLocal,
  pollingHandshake,
  running,
  until,
  waitFor,
  withTimeout,
  type AnyClient,
} from "./helpers.js";

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

test("io.close() closes every socket, the engine and the http server, and no handle is left", async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = handles();

  const http = createServer();
  const io = new Server(http, {
    pingInterval: 1_000,
    pingTimeout: 1_000,
    upgradeTimeout: 1_000,
    connectTimeout: 5_000,
    allowEIO3: true,
  });
  await listenLocal(http);
  const r = running(io, http, (http.address() as AddressInfo).port);
  const sockets: Socket[] = [];
  io.on("connection", (socket) => sockets.push(socket));
  io.of("/chat").on("connection", (socket) => sockets.push(socket));

  const clients: AnyClient[] = [
    r.v4("/", { transports: ["polling"] }),
    r.v4("/"),
    r.v4("/chat", { transports: ["websocket"] }),
    r.v3("/", { transports: ["websocket"] }),
    r.v2("/", { transports: ["polling"] }),
  ];
  await Promise.all(clients.map((client) => waitFor(client, "connect")));
  // Three on websocket: the two websocket-only clients and the default one, once upgraded.
  await until(() => sockets.length === 5 && sockets.filter((s) => s.conn.transport.name === "websocket").length === 3);
  await pollingHandshake(r.port);
  expect((await httpGet(r.port, "/socket.io/socket.io.min.js")).status).toBe(200);

  // The check below can fail: the sessions hold sockets and timers now.
  expect(handles().TCPSocketWrap ?? 0).toBeGreaterThan(before.TCPSocketWrap ?? 0);
  const serverReasons: string[] = [];
  for (const socket of sockets) socket.on("disconnect", (reason: string) => serverReasons.push(reason));
  const clientsGone = Promise.all(clients.map((client) => waitFor(client, "disconnect")));

  await withTimeout(io.close(), 5_000, "io.close() (the http server must close on its own)");
  expect(http.listening).toBe(false);
  expect(serverReasons).toEqual(Array(5).fill("server shutting down"));
  expect(io.of("/").sockets.size + io.of("/chat").sockets.size).toBe(0);
  await clientsGone;

  await until(() => {
    const now = handles();
    return ["Timeout", "TCPSocketWrap", "TCPServerWrap"].every((kind) => (now[kind] ?? 0) <= (before[kind] ?? 0));
  }, 3_000);
});

test("io.close() still closes the engine and the http server, and resolves, when adapters fail to close", async () => {
  // An adapter whose store is gone: "/" rejects its close, other namespaces throw at once.
  class FailingToClose extends Adapter {
    override close(): Promise<void> {
      if (this.nsp.name === "/") return Promise.reject(new Error("store unreachable"));
      throw new Error("store unreachable, at once");
    }
  }
  const http = createServer();
  const io = new Server(http, { adapter: FailingToClose as never });
  io.of("/other");
  await listenLocal(http);
  const r = running(io, http, (http.address() as AddressInfo).port);
  const client = r.v4("/", { transports: ["websocket"] });
  await waitFor(client, "connect");
  const gone = waitFor(client, "disconnect");
  await expect(withTimeout(io.close(), 5_000, "io.close()")).resolves.toBeUndefined();
  await gone;
  expect(http.listening).toBe(false);
});
