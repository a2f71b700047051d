// @socketry/server vs the official socket.io server: the hot paths of a running server, without
// a network. Both servers are bound to the same kind of in-process fake engine whose sessions
// drop what they are given, so each row measures the server's own work (encode + hand-off).
import { EventEmitter } from "node:events";
import { FakeConn } from "../server-memory/fake-conn.js";
import { Server } from "@socketry/server";
import { Server as OfficialServer } from "socket.io";
import type { MicroRow } from "./index.js";

// biome-ignore-start lint/suspicious/noExplicitAny: one helper for socketry's and the official server's sockets, whose types differ
/** Connects `count` fake clients to "/" (room "room" for all), returns the server-side sockets. */
async function connect(
  io: { on(ev: "connection", fn: (s: any) => void): unknown },
  engine: EventEmitter,
  count: number,
) {
  const sockets: any[] = [];
  io.on("connection", (socket: any) => {
    socket.join("room");
    sockets.push(socket);
  });
  for (let i = 0; i < count; i++) {
    const conn = new FakeConn();
    engine.emit("connection", conn);
    conn.emit("data", "0");
  }
  while (sockets.length < count) await new Promise((resolve) => setImmediate(resolve));
  return sockets;
}
// biome-ignore-end lint/suspicious/noExplicitAny: one helper for socketry's and the official server's sockets, whose types differ

const engine = new EventEmitter() as EventEmitter & { close(): void };
engine.close = () => {};
const officialEngine = new EventEmitter() as EventEmitter & { close(): void };
officialEngine.close = () => {};

const io = new Server().bind(engine);
// biome-ignore lint/suspicious/noExplicitAny: a bare EventEmitter stands in for the engine, which the official types do not admit
const official = new OfficialServer().bind(officialEngine as any);
const ROOM_SIZE = 100;
const [socket] = await connect(io, engine, ROOM_SIZE);
const [officialSocket] = await connect(official, officialEngine, ROOM_SIZE);

const message = { user: "ann", text: "hello world", at: 1700000000000 };
const binary = Buffer.alloc(256, 1);

const rows: MicroRow[] = [
  {
    name: "socket.emit (small object)",
    socketry: () => socket.emit("chat", message),
    official: () => officialSocket.emit("chat", message),
  },
  {
    name: "socket.emit (binary attachment)",
    socketry: () => socket.emit("file", binary),
    official: () => officialSocket.emit("file", binary),
  },
  {
    name: `io.to(room).emit, ${ROOM_SIZE} sockets`,
    socketry: () => io.to("room").emit("chat", message),
    official: () => official.to("room").emit("chat", message),
  },
  {
    name: `socket.broadcast.emit, ${ROOM_SIZE} sockets`,
    socketry: () => socket.broadcast.emit("chat", message),
    official: () => officialSocket.broadcast.emit("chat", message),
  },
];

export default rows;
