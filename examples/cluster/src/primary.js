// The primary process: it owns the listening HTTP server and hands every connection to a worker.
// @socket.io/sticky routes by the Engine.IO session id (the `sid` query parameter), so every
// long-polling request of a session reaches the worker that created the session.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { setupMaster } from "@socket.io/sticky";
import { readConfig } from "./config.js";
import { stopPrimaryReadsOnHandoff } from "./sticky-handoff.js";

const SHUTDOWN_GRACE_MS = 5000;
const config = readConfig();

// Sticky passes request bytes as Buffers over IPC: "advanced" serialization keeps them Buffers.
cluster.setupPrimary({
  exec: fileURLToPath(new URL("./worker.js", import.meta.url)),
  serialization: "advanced",
});

const httpServer = createServer();
setupMaster(httpServer, { loadBalancingMethod: "least-connection" });
stopPrimaryReadsOnHandoff(httpServer);

let shuttingDown = false;
const readyWorkers = new Set();

cluster.on("message", (worker, message) => {
  if (message?.type !== "cluster-example:ready") return;
  readyWorkers.add(worker.process.pid);
  if (readyWorkers.size === config.workers) {
    console.log(
      `cluster ready on http://${config.host}:${config.port} (workers ${[...readyWorkers].join(", ")}; adapter ${config.adapter})`,
    );
  }
});

// A worker that dies on its own (e.g. Redis unreachable at start) stops the demo loudly rather
// than being re-forked in a loop; a real deployment would re-fork with a backoff.
cluster.on("exit", (worker, code, signal) => {
  if (shuttingDown) return;
  console.error(`worker ${worker.process.pid} exited (${signal ?? code}): stopping the cluster`);
  shutdown(1);
});

httpServer.once("error", (err) => {
  console.error(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  shutdown(1);
});
httpServer.listen(config.port, config.host, () => {
  console.log(`primary ${process.pid} listening on ${config.host}:${config.port}, forking ${config.workers} workers`);
  for (let i = 0; i < config.workers; i++) cluster.fork({ REDIS_URL: config.redisUrl, ADAPTER: config.adapter });
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.log(`primary ${process.pid}: ${signal}, stopping the cluster`);
    shutdown(0);
  });
}

/** Stops accepting connections, asks every worker to close, and exits (bounded by the grace time). */
function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  process.exitCode = exitCode;
  httpServer.close();
  const running = Object.values(cluster.workers ?? {}).filter((worker) => !worker.isDead());
  const exited = running.map((worker) => new Promise((resolve) => worker.process.once("exit", resolve)));
  for (const worker of running) worker.process.kill("SIGTERM");
  const forceExit = setTimeout(() => {
    console.error("workers still running after the grace time: killing them");
    for (const worker of running) worker.process.kill("SIGKILL");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  Promise.all(exited).then(() => {
    clearTimeout(forceExit);
    process.exit(exitCode);
  });
}
