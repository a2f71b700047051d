// Real servers (the official socket.io 4.8 server, which takes any socket.io-adapter-shaped
// adapter) on loopback, each with one connected official client.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type ServerOptions, type Socket as ServerSocket } from "socket.io";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";

export interface Node {
  io: Server;
  http: HttpServer;
  port: number;
  serverSocket: ServerSocket;
  client: ClientSocket;
}

export async function startNode(adapter: unknown, opts: Partial<ServerOptions> = {}): Promise<Node> {
  const http = createServer();
  const io = new Server(http, { ...opts, adapter: adapter as ServerOptions["adapter"] });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  const client = ioc(`http://127.0.0.1:${port}`, { transports: ["websocket"], reconnection: false });
  const serverSocket = await new Promise<ServerSocket>((resolve) => io.once("connection", resolve));
  if (!client.connected) await new Promise<void>((resolve) => client.once("connect", () => resolve()));
  return { io, http, port, serverSocket, client };
}

export async function stopNodes(nodes: Node[]): Promise<void> {
  for (const node of nodes) node.client.disconnect();
  await Promise.all(nodes.map((node) => new Promise((resolve) => node.io.close(resolve))));
}

/** Resolves when `predicate` holds, polling every 10 ms, or rejects after `ms`. */
export async function until(predicate: () => boolean | Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The next `event` on `client`, with its arguments. */
export function next(client: ClientSocket, event: string): Promise<unknown[]> {
  return new Promise((resolve) => client.once(event, (...args: unknown[]) => resolve(args)));
}
