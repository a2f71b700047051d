// Types of server.js for the TypeScript test (the demo itself stays plain JavaScript).
import type { Server as HttpServer } from "node:http";
import type { Server } from "socketry";

export interface ChatServerOptions {
  /** Port to listen on; 0 picks a free one (default 3000). */
  port?: number;
  /** Address to bind (default "127.0.0.1"). */
  host?: string;
  /** Packet codec: the default one, or @socketry/msgpack-parser (default "default"). */
  parser?: "default" | "msgpack";
}

export interface ChatServer {
  httpServer: HttpServer;
  io: Server;
  /** The chat page's address (with `?msgpack=1` when the server speaks msgpack). */
  url: string;
  /** Disconnects everyone and closes the socket.io server and the HTTP server. */
  close(): Promise<void>;
}

export function createChatServer(options?: ChatServerOptions): Promise<ChatServer>;
