// The chat demo: an Express 5 app serving public/, and a socketry server on the same HTTP server.
// `node src/server.js` starts it (PORT, HOST, PARSER=msgpack); tests call createChatServer().
import { createServer } from "node:http";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express from "express";
import { Server } from "socketry";
import * as msgpackParser from "@socketry/msgpack-parser";

const DEFAULTS = { port: 3000, host: "127.0.0.1", parser: "default" };
const MAX_NAME_LENGTH = 32;
const MAX_MESSAGE_LENGTH = 500;
const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));
// A tab that drops off for up to two minutes (a train tunnel, a laptop lid) comes back with the
// same id, name and rooms, and receives every message it missed.
const RECOVERY = { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true };

/**
 * Starts the chat on `port` (0 picks a free one) and resolves once it listens.
 * `parser: "msgpack"` switches the server to @socketry/msgpack-parser; pages must then load
 * the msgpack client bundle (`/?msgpack=1`; `/` redirects there on its own).
 */
export async function createChatServer(options = {}) {
  const { port, host, parser } = { ...DEFAULTS, ...options };
  if (parser !== "default" && parser !== "msgpack") {
    throw new TypeError(`parser must be "default" or "msgpack", not ${JSON.stringify(parser)}`);
  }
  const usesMsgpack = parser === "msgpack";

  const app = express();
  const pagePath = usesMsgpack ? "/?msgpack=1" : "/";
  app.get("/", (req, res, next) => {
    // A page's client bundle must speak the server's parser: send it to the page that does.
    if ((req.query.msgpack === "1") !== usesMsgpack) return res.redirect(pagePath);
    next();
  });
  app.use(express.static(PUBLIC_DIR));

  const httpServer = createServer(app);
  const io = new Server(httpServer, {
    connectionStateRecovery: RECOVERY,
    ...(usesMsgpack ? { parser: msgpackParser } : {}),
  });
  io.on("connection", (socket) => onConnection(io, socket));

  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  return {
    httpServer,
    io,
    url: `http://${host}:${address.port}${pagePath}`,
    close: () => io.close(),
  };
}

function onConnection(io, socket) {
  // A recovered socket kept its data (its name) and got the messages it missed.
  if (!socket.recovered) socket.data.name = `guest-${socket.id.slice(0, 4)}`;
  socket.emit("welcome", socket.data.name);
  broadcastOnlineCount(io);

  socket.on("set name", (name, ack) => {
    const cleaned = typeof name === "string" ? name.trim().slice(0, MAX_NAME_LENGTH) : "";
    if (cleaned) socket.data.name = cleaned;
    if (typeof ack === "function") ack(socket.data.name);
  });

  socket.on("chat message", (text, ack) => {
    if (typeof ack !== "function") return;
    if (typeof text !== "string" || !text.trim() || text.length > MAX_MESSAGE_LENGTH) {
      ack({ ok: false, error: `a message is 1 to ${MAX_MESSAGE_LENGTH} characters` });
      return;
    }
    // The sender is named by the server, so a client cannot speak for someone else.
    socket.broadcast.emit("chat message", { from: socket.data.name, text, at: Date.now() });
    ack({ ok: true });
  });

  // Volatile: a typing hint that cannot be written right now is not worth queueing. Its payload
  // is an object, not a string: the client takes a trailing string argument for the recovery
  // offset, and a volatile packet (never kept for recovery) carries none.
  socket.on("typing", () => socket.broadcast.volatile.emit("typing", { name: socket.data.name }));

  socket.on("disconnect", () => broadcastOnlineCount(io));
}

function broadcastOnlineCount(io) {
  io.emit("online", io.of("/").sockets.size);
}

function isEntryPoint() {
  return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isEntryPoint()) {
  const chat = await createChatServer({
    port: process.env.PORT === undefined ? DEFAULTS.port : Number(process.env.PORT),
    host: process.env.HOST ?? DEFAULTS.host,
    parser: process.env.PARSER ?? DEFAULTS.parser,
  });
  console.log(`chat demo on ${chat.url}`);
  const shutdown = () => chat.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
