// A worker process: one socketry node with a Redis adapter. It never listens itself: the
// primary passes it connections (setupWorker), and Redis carries broadcasts to the other workers.
// ADAPTER=pubsub (default): @socketry/redis-adapter over Redis Pub/Sub, which keeps nothing.
// ADAPTER=streams: @socketry/redis-streams-adapter, and connection state recovery: a client that
// drops off one worker and comes back on another gets every broadcast it missed.
import { createServer } from "node:http";
import { setupWorker } from "@socket.io/sticky";
import { createAdapter as createPubSubAdapter } from "@socketry/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socketry/redis-streams-adapter";
import { createClient } from "redis";
import { Server } from "socketry";
import { servePage } from "./page.js";

const SHUTDOWN_GRACE_MS = 3000;
const MAX_TEXT_LENGTH = 500;
// A tab that is gone for up to two minutes comes back with its id, rooms and missed messages.
const RECOVERY = { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true };
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const adapterName = process.env.ADAPTER || "pubsub";

// Pub/Sub needs a second connection for its subscriptions; the streams adapter opens its own
// connections for its blocking reads (duplicates of the one client it is given).
const redisClients = [createClient({ url: redisUrl })];
if (adapterName === "pubsub") redisClients.push(redisClients[0].duplicate());
try {
  await Promise.all(redisClients.map(connectOnce));
} catch (err) {
  console.error(`worker ${process.pid}: cannot reach Redis at ${redisUrl} (${err.code ?? err.message})`);
  process.exit(1);
}

const httpServer = createServer(servePage);
const io = new Server(
  httpServer,
  adapterName === "streams"
    ? { adapter: createStreamsAdapter(redisClients[0]), connectionStateRecovery: RECOVERY }
    : { adapter: createPubSubAdapter(redisClients[0], redisClients[1]) },
);
io.of("/").adapter.on("error", (err) =>
  console.error(`worker ${process.pid} redis adapter: ${err.code} ${err.message}`),
);
setupWorker(io);

io.on("connection", (socket) => {
  socket.on("whoami", (ack) => {
    if (typeof ack === "function") ack(process.pid);
  });
  // Every client of every worker gets the message: the adapter publishes it through Redis.
  socket.on("chat", (text, ack) => {
    if (typeof text !== "string" || text.length > MAX_TEXT_LENGTH) return;
    io.emit("chat", { from: process.pid, text });
    if (typeof ack === "function") ack(process.pid);
  });
});

process.send({ type: "cluster-example:ready" });
console.log(`worker ${process.pid} ready (redis ${redisUrl}, adapter ${adapterName})`);

// Ctrl-C reaches every process of the group; the primary also sends SIGTERM on shutdown.
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  await io.close();
  await Promise.allSettled(redisClients.map((client) => client.quit()));
  process.exit(0);
}

/**
 * Connects a client, failing on the first error: at start a clear exit beats node-redis retrying
 * forever. Once connected, the client reconnects on its own and the adapter reports its errors.
 */
function connectOnce(client) {
  return new Promise((resolve, reject) => {
    client.once("error", reject);
    client.connect().then(() => {
      client.off("error", reject);
      resolve();
    }, reject);
  });
}
