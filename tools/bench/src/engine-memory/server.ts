// Child process of the engine-memory bench: one engine (official engine.io or socketry's), the same
// options and handlers for both, answering "measure" with memoryUsage() after forced GCs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Kind = "official" | "socketry";
interface EngineLike {
  clientsCount: number;
  on(event: "connection", fn: (socket: SocketLike) => void): unknown;
  close(): unknown;
}
interface SocketLike {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
}

const kind = process.argv[2] as Kind;
if (kind !== "official" && kind !== "socketry") throw new Error(`usage: server.ts official|socketry`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

// Idle sessions: no heartbeat fires during the measurement.
const options = {
  pingInterval: 600_000,
  pingTimeout: 60_000,
  maxHttpBufferSize: 1e6,
  transports: ["polling", "websocket"] as Array<"polling" | "websocket">,
};
const http = createServer((_req, res) => res.writeHead(404).end());
const engine: EngineLike =
  kind === "official"
    ? ((await import("engine.io")).attach(http, options) as unknown as EngineLike)
    : ((await import("socketry/engine")).attach(http, options) as unknown as EngineLike);

let messages = 0;
function onMessage(): void {
  messages++;
}
function onClose(): void {}
engine.on("connection", (socket) => {
  socket.on("message", onMessage);
  socket.on("close", onClose);
});

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

process.on("message", async (msg: { type: string }) => {
  if (msg.type === "measure") {
    const usage = await settle();
    process.send!({ type: "usage", usage, clientsCount: engine.clientsCount, messages });
  } else if (msg.type === "exit") {
    engine.close();
    http.closeAllConnections();
    http.close(() => process.exit(0));
  }
});

http.listen(0, "127.0.0.1", () => {
  process.send!({ type: "ready", port: (http.address() as AddressInfo).port });
});
