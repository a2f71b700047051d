// The long-polling counterpart of plain-ws.ts: a bare node:http handler speaking just enough
// Engine.IO v4 long-polling / Socket.IO v5 for the bench's lean polling client (handshake, connect
// to "/", echo acks), so the long-polling row has a floor to compare with: what node:http itself
// costs per request and response. One held GET per session, answered with every packet queued
// since (records joined by \x1e); a POST's packets are handled, then its "ok" and the held GET are
// answered. No heartbeats (a measured window is far shorter than a ping interval), no limits, no
// upgrades, no validation beyond what the bench's client sends: not an Engine.IO server.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";

const PATH = "/socket.io/";
const RECORD_SEPARATOR = "\x1e";
const TEXT = { "Content-Type": "text/plain; charset=UTF-8" };

interface PollingPeer {
  /** the Socket.IO session id sent in the CONNECT answer */
  readonly socketSid: string;
  queue: string[];
  heldPoll: ServerResponse | null;
}

export interface PlainPollingServer {
  readonly clientsCount: number;
  close(): void;
}

export function startPlainPolling(http: HttpServer): PlainPollingServer {
  const peers = new Map<string, PollingPeer>();

  const answerPoll = (peer: PollingPeer): void => {
    const poll = peer.heldPoll;
    if (poll === null || peer.queue.length === 0) return;
    peer.heldPoll = null;
    const body = peer.queue.length === 1 ? (peer.queue[0] as string) : peer.queue.join(RECORD_SEPARATOR);
    peer.queue = [];
    poll.writeHead(200, TEXT).end(body);
  };

  const onPacket = (peer: PollingPeer, packet: string): void => {
    if (packet === "40") {
      peer.queue.push(`40{"sid":"${peer.socketSid}"}`);
      return;
    }
    // 42<id>["echo",X] → 43<id>[X]
    const open = packet.indexOf("[");
    if (packet.startsWith("42") && open > 2) {
      const comma = packet.indexOf(",", open);
      peer.queue.push(`43${packet.slice(2, open)}[${packet.slice(comma + 1)}`);
    }
  };

  const onPost = (peer: PollingPeer, req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const payload = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString();
      for (const packet of payload.split(RECORD_SEPARATOR)) onPacket(peer, packet);
      res.writeHead(200, TEXT).end("ok");
      answerPoll(peer);
    });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "";
    if (!url.startsWith(PATH) || !url.includes("transport=polling")) return;
    const sidAt = url.indexOf("sid=");
    if (sidAt === -1) {
      const sid = randomBytes(15).toString("base64url");
      peers.set(sid, { socketSid: randomBytes(15).toString("base64url"), queue: [], heldPoll: null });
      res
        .writeHead(200, TEXT)
        .end(`0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
      return;
    }
    const end = url.indexOf("&", sidAt);
    const peer = peers.get(decodeURIComponent(url.slice(sidAt + 4, end === -1 ? undefined : end)));
    if (peer === undefined) {
      res.writeHead(400, TEXT).end("unknown sid");
      return;
    }
    if (req.method === "POST") {
      onPost(peer, req, res);
      return;
    }
    peer.heldPoll = res;
    answerPoll(peer);
  };

  http.on("request", onRequest);
  return {
    get clientsCount() {
      return peers.size;
    },
    close() {
      http.off("request", onRequest);
      peers.clear();
    },
  };
}
