// The practical limit the issue measures socketry against: a plain `ws` server speaking just enough
// Engine.IO v4 / Socket.IO v5 for the bench's lean client (open, connect to "/", echo acks, binary
// echo acks, broadcast to everyone, one shared heartbeat timer), with no sessions, no parser
// objects and no namespaces. Not a Socket.IO server: the official clients would not be served well.
import type { Server as HttpServer } from "node:http";
import { randomBytes } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";

const PING_INTERVAL_MS = 25_000;
const BINARY_ACK_PREFIX = "461-";

/** Per connection: the socket and the binary ack waiting for its attachment. */
interface Peer {
  ws: WebSocket;
  pendingBinaryAckId: string | undefined;
}

export interface PlainWsServer {
  readonly clientsCount: number;
  close(): void;
}

export function startPlainWs(http: HttpServer): PlainWsServer {
  const wss = new WebSocketServer({ server: http, path: "/socket.io/", perMessageDeflate: false });
  const peers = new Set<Peer>();
  const heartbeat = setInterval(() => {
    for (const peer of peers) peer.ws.send("2");
  }, PING_INTERVAL_MS);

  const onText = (peer: Peer, text: string): void => {
    if (text === "40") {
      peer.ws.send(`40{"sid":"${randomBytes(15).toString("base64url")}"}`);
      return;
    }
    // 42<id>["echo",X] → 43<id>[X]; 42["fanout",X] → 42["tick",X] to every peer
    const open = text.indexOf("[");
    if (text.startsWith("42") && open > 2) {
      const comma = text.indexOf(",", open);
      peer.ws.send(`43${text.slice(2, open)}[${text.slice(comma + 1)}`);
    } else if (text.startsWith('42["fanout",')) {
      const frame = Buffer.from(`42["tick",${text.slice(12)}`);
      for (const other of peers) other.ws.send(frame, { binary: false });
    } else if (text.startsWith("451-")) {
      peer.pendingBinaryAckId = text.slice(4, open);
    }
  };

  wss.on("connection", (ws) => {
    const peer: Peer = { ws, pendingBinaryAckId: undefined };
    peers.add(peer);
    ws.send(
      `0{"sid":"${randomBytes(15).toString("base64url")}","upgrades":[],"pingInterval":${PING_INTERVAL_MS},"pingTimeout":20000,"maxPayload":1000000}`,
    );
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        onText(peer, data.toString());
      } else if (peer.pendingBinaryAckId !== undefined) {
        ws.send(`${BINARY_ACK_PREFIX}${peer.pendingBinaryAckId}[{"_placeholder":true,"num":0}]`);
        ws.send(data, { binary: true });
        peer.pendingBinaryAckId = undefined;
      }
    });
    ws.on("close", () => peers.delete(peer));
  });

  return {
    get clientsCount() {
      return peers.size;
    },
    close() {
      clearInterval(heartbeat);
      wss.close();
    },
  };
}
