// Child process of the end-to-end bench: one server under test (socketry, an official socket.io, or
// the plain-ws limit) on 127.0.0.1 with the shared handlers. Talks to the runner over IPC: "ready"
// with the port, then answers "cpu" (process.cpuUsage(), cheap) and "memory" (memoryUsage() after
// forced GCs). With --profile-window=<file>, the "cpu" request that opens a measured window starts a
// V8 CPU profile and the one that closes it writes it (window-profiler.ts). With --heap-snapshot=<file>,
// the second "memory" request (after the idle clients connected) also writes a V8 heap snapshot.
// With --redis=<port>, the server is one node of a cluster: its Redis adapter (cluster-adapter.ts,
// the kind given by --redis-adapter=classic|sharded|streams, classic by default) talks to the
// redis-server on 127.0.0.1:<port> and is connected before "ready". With --recovery, the server
// has `connectionStateRecovery: {}` (the documented defaults). With --gc-stats, a "cpu" reply also
// carries the sum of the GC pauses so far (a PerformanceObserver, off by default: it is one more
// listener per GC).
// Usage (by the runner): server.ts <implementation> [--join-room] [--release-request] [--recovery] [--redis=<port> [--redis-adapter=<kind>]] [--gc-stats] [--profile-window=<file>] [--heap-snapshot=<file>]
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PerformanceObserver } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";
import { installHandlers, type BenchIo } from "./handlers.js";
import { isImplementation, type Implementation } from "./implementations.js";
import type { ServerReply, ServerRequest } from "./ipc.js";
import { startPlainPolling } from "./plain-polling.js";
import { startPlainWs } from "./plain-ws.js";
import { windowProfiler } from "./window-profiler.js";

const implementation = process.argv[2] ?? "";
if (!isImplementation(implementation))
  throw new Error(`usage: server.ts <implementation> [--join-room] [--release-request] [--redis=<port>]`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const option = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

interface UnderTest {
  clientsCount(): number;
  close(): void;
}
type ServerClass = new (srv: unknown, opts?: object) => BenchIo & { close(): unknown };

/** socket.io 3.1.2 ships no types for its ESM wrapper: import it through a plain string. */
const V3_SPECIFIER: string = "socket.io-v3";

async function startSocketIo(which: Exclude<Implementation, "ws">, http: HttpServer): Promise<UnderTest> {
  const mod = (await (which === "socketry"
    ? import("socketry")
    : which === "socket.io"
      ? import("socket.io")
      : import(V3_SPECIFIER))) as {
    Server?: ServerClass;
    default?: { Server?: ServerClass };
  };
  const Server = mod.Server ?? mod.default?.Server;
  if (Server === undefined) throw new Error(`${which} exports no Server`);
  const redisPort = option("redis");
  // Loaded only for the two-node scenarios: the Redis client must not weigh on the other figures.
  const cluster = redisPort === undefined ? undefined : await startClusterAdapter(which, Number(redisPort));
  // default options on every server (plus the adapter of a cluster node, and recovery when asked)
  const options = {
    ...(cluster === undefined ? {} : { adapter: cluster.adapter }),
    ...(process.argv.includes("--recovery") ? { connectionStateRecovery: {} } : {}),
  };
  const io = Object.keys(options).length === 0 ? new Server(http) : new Server(http, options);
  installHandlers(io, {
    joinRoom: process.argv.includes("--join-room"),
    releaseRequest: process.argv.includes("--release-request"),
  });
  return {
    clientsCount: () => io.engine.clientsCount,
    close: () => {
      void io.close();
      void cluster?.close();
    },
  };
}

async function startClusterAdapter(which: Implementation, port: number) {
  const { isRedisAdapterKind, redisClusterAdapter } = await import("./cluster-adapter.js");
  const kind = option("redis-adapter") ?? "classic";
  if (!isRedisAdapterKind(kind)) throw new Error(`unknown --redis-adapter=${kind}`);
  return redisClusterAdapter(which, port, kind);
}

const http = createServer();
const server: UnderTest =
  implementation === "ws"
    ? (() => {
        const plain = startPlainWs(http);
        const polling = startPlainPolling(http);
        return {
          clientsCount: () => plain.clientsCount + polling.clientsCount,
          close: () => {
            plain.close();
            polling.close();
          },
        };
      })()
    : await startSocketIo(implementation, http);
const toggleProfile = windowProfiler(option("profile-window"));
let gcMs = 0;
if (process.argv.includes("--gc-stats")) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ["gc"] });
}
const heapSnapshotFile = option("heap-snapshot");
let memoryRequests = 0;

async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return process.memoryUsage();
}

function reply(message: ServerReply): void {
  process.send?.(message);
}

process.on("message", (request: ServerRequest) => {
  switch (request.type) {
    case "cpu":
      toggleProfile(request.window);
      reply({ type: "cpu", id: request.id, cpu: process.cpuUsage(), clients: server.clientsCount(), gcMs });
      return;
    case "memory":
      memoryRequests++;
      void settledMemory().then((memory) => {
        if (heapSnapshotFile !== undefined && memoryRequests === 2) writeHeapSnapshot(heapSnapshotFile);
        reply({ type: "memory", id: request.id, memory, clients: server.clientsCount() });
      });
      return;
    case "exit":
      server.close();
      http.closeAllConnections();
      process.exit(0);
  }
});
// The runner died or closed the channel: never linger.
process.on("disconnect", () => process.exit(0));

http.listen(0, "127.0.0.1", () => {
  reply({ type: "ready", port: (http.address() as AddressInfo).port, pid: process.pid });
});
