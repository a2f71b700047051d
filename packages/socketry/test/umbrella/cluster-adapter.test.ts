// The official @socket.io/cluster-adapter (Node's cluster module, no Redis) with the built socketry
// package: two workers, a client on each; a broadcast, fetchSockets and serverSideEmitWithAck
// from one worker reach the other through the primary.
import { io as ioV4, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, expect, test } from "vitest";
import { type Child, nextJson, startChild } from "./child-process.js";
import { emitAck, waitFor, withTimeout } from "./helpers.js";

interface Workers {
  workers: Array<{ pid: number; port: number }>;
}

let running: Child | undefined;
const clients: ClientSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  running?.child.kill("SIGTERM");
  if (running) await withTimeout(running.exit, 5_000, "the cluster's exit");
  running = undefined;
});

test("a broadcast, fetchSockets and serverSideEmitWithAck cross the workers", async () => {
  running = startChild("cluster-adapter.cjs");
  const { workers } = await nextJson<Workers>(running.lines, running.stderr);
  expect(workers).toHaveLength(2);
  for (const { port } of workers) {
    const client = ioV4(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false });
    clients.push(client);
    await waitFor(client, "connect");
  }
  const [a, b] = clients as [ClientSocket, ClientSocket];
  const [pidA] = await emitAck(a, "whoami");
  const [pidB] = await emitAck(b, "whoami");
  expect(pidA).not.toBe(pidB);
  expect(workers.map((worker) => worker.pid).sort()).toEqual([pidA, pidB].sort());
  const news = waitFor<[number]>(b, "news");
  const [answer] = (await emitAck(a, "go")) as [{ sockets: number; pongs: number[] }];
  expect(await news).toEqual([pidA]);
  expect(answer.sockets).toBe(2);
  expect(answer.pongs).toEqual([pidB]);
});
