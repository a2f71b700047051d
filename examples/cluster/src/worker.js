// A worker process: one socketry node with the Redis adapter. It never listens itself: the
// primary passes it connections (setupWorker), and Redis carries broadcasts to the other workers.
import { createServer } from "node:http";
import { setupWorker } from "@socket.io/sticky";
import { createAdapter } from "@socketry/redis-adapter";
import { createClient } from "redis";
import { Server } from "socketry";

const SHUTDOWN_GRACE_MS = 3000;
const MAX_TEXT_LENGTH = 500;
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";

const pubClient = createClient({ url: redisUrl });
const subClient = pubClient.duplicate();
try {
  await Promise.all([connectOnce(pubClient), connectOnce(subClient)]);
} catch (err) {
  console.error(`worker ${process.pid}: cannot reach Redis at ${redisUrl} (${err.code ?? err.message})`);
  process.exit(1);
}

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient) });
io.of("/").adapter.on("error", (err) => console.error(`worker ${process.pid} redis adapter: ${err.code} ${err.message}`));
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
console.log(`worker ${process.pid} ready (redis ${redisUrl})`);

// Ctrl-C reaches every process of the group; the primary also sends SIGTERM on shutdown.
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  await io.close();
  await Promise.allSettled([pubClient.quit(), subClient.quit()]);
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
