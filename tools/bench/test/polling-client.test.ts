// The bench's raw-socket long-polling client (polling-client.ts on http-*.ts) speaks Engine.IO v4 /
// Socket.IO v5 right against the official socket.io 4.8.4 server and against socketry: handshake
// over GET, `40` connect, acked echoes in flight together, server pings answered with pongs, at most
// one GET and one POST per session at a time, and every socket closed on close().
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Server as OfficialServer } from "socket.io";
import { Server as SocketryServer } from "socketry";
import { installHandlers, type BenchIo, type BenchSocket } from "../src/e2e/handlers.js";
import { HttpAgent } from "../src/e2e/http-agent.js";
import { createPollingAgent, LeanPollingSession } from "../src/e2e/polling-client.js";
import { sleep, waitUntil, withTimeout } from "../src/e2e/timeout.js";

/** What the tests read from either server's sockets. */
interface TestSocket extends BenchSocket {
  id: string;
  connected: boolean;
  conn: {
    id: string;
    transport: { name: string };
    on(event: "packet", listener: (packet: { type: string }) => void): unknown;
  };
}
interface TestIo extends BenchIo {
  on(event: "connection", listener: (socket: TestSocket) => void): unknown;
  close(): unknown;
}
type ServerClass = new (http: HttpServer, options: object) => unknown;

/** Requests per Engine.IO session and method: how many were seen, the most at once. */
interface Traffic {
  count: number;
  inFlight: number;
  maxInFlight: number;
}

/** A ping every 100 ms, answered within 200 ms, so every test also crosses heartbeats. */
const HEARTBEAT = { pingInterval: 100, pingTimeout: 200 };
const TEXT = "héllo ✓"; // multi-byte: Content-Length counts bytes, not characters

describe.each<[string, ServerClass]>([
  ["socket.io 4.8.4", OfficialServer as unknown as ServerClass],
  ["socketry", SocketryServer as unknown as ServerClass],
])("lean polling client against %s", (_name, Server) => {
  let http: HttpServer;
  let io: TestIo;
  let port: number;
  let agent: HttpAgent;
  let traffic: Map<string, Traffic>;
  const sockets: TestSocket[] = [];

  /** Counts the session requests of every sid and how many of each method overlap. */
  function tap(request: IncomingMessage, response: ServerResponse): void {
    const sid = new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("sid");
    if (sid === null) return; // the handshake
    const key = `${request.method} ${sid}`;
    const entry = traffic.get(key) ?? { count: 0, inFlight: 0, maxInFlight: 0 };
    traffic.set(key, entry);
    entry.count++;
    entry.inFlight++;
    entry.maxInFlight = Math.max(entry.maxInFlight, entry.inFlight);
    response.once("close", () => entry.inFlight--);
  }

  beforeEach(async () => {
    traffic = new Map();
    sockets.length = 0;
    http = createHttpServer();
    io = new Server(http, HEARTBEAT) as TestIo;
    installHandlers(io, { joinRoom: false, releaseRequest: false });
    io.on("connection", (socket) => sockets.push(socket));
    http.on("request", tap);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    port = (http.address() as AddressInfo).port;
    agent = createPollingAgent();
  });

  afterEach(async () => {
    agent.destroy();
    const closed = io.close();
    http.closeAllConnections();
    await withTimeout(Promise.resolve(closed), 5000, "io.close");
  });

  async function connect(): Promise<LeanPollingSession> {
    const session = new LeanPollingSession(port, agent);
    await withTimeout(session.start(), 5000, "lean polling connect");
    return session;
  }

  it("handshakes over GET and connects to / with a 40 answered by the server", async () => {
    const session = await connect();
    expect(session.engineSid).toMatch(/^[\w-]{10,}$/);
    expect(session.sid).toMatch(/^[\w-]{10,}$/);
    expect(session.sid).not.toBe(session.engineSid);
    await waitUntil(() => sockets.length === 1, 2000, "server-side connection");
    const [socket] = sockets;
    expect(socket!.id).toBe(session.sid);
    expect(socket!.conn.id).toBe(session.engineSid);
    expect(socket!.conn.transport.name).toBe("polling");
    expect(traffic.get(`POST ${session.engineSid}`)?.count).toBeGreaterThanOrEqual(1);
    expect(traffic.get(`GET ${session.engineSid}`)?.count).toBeGreaterThanOrEqual(1);
  });

  it("gets the right ack for each of several echoes in flight, one POST and one GET at a time", async () => {
    const session = await connect();
    const acks = new Map<number, unknown[]>();
    session.onAck = (id, packet) => acks.set(id, JSON.parse(packet.slice(packet.indexOf("["))) as unknown[]);
    const posts = (): number => traffic.get(`POST ${session.engineSid}`)?.count ?? 0;
    const sent = new Map<number, { n: number; text: string }>();
    for (let round = 0; round < 3; round++) {
      const postsBefore = posts();
      for (let n = 0; n < 10; n++) {
        const data = { n: round * 10 + n, text: TEXT };
        sent.set(session.emitWithAck("echo", JSON.stringify(data)), data);
      }
      await waitUntil(() => acks.size === sent.size, 5000, `acks of round ${round}`);
      // The first emit leaves alone, the nine queued behind it share the next POST (pongs may add one).
      expect(posts() - postsBefore).toBeLessThanOrEqual(4);
    }
    expect(acks.size).toBe(30);
    for (const [id, data] of sent) expect(acks.get(id)).toEqual([data]);
    expect(traffic.get(`POST ${session.engineSid}`)?.maxInFlight).toBe(1);
    expect(traffic.get(`GET ${session.engineSid}`)?.maxInFlight).toBe(1);
    expect(session.closed).toBe(false);
  });

  it("answers the server's pings with pongs, so the session outlives several heartbeats", async () => {
    const session = await connect();
    await waitUntil(() => sockets.length === 1, 2000, "server-side connection");
    let pongs = 0;
    sockets[0]!.conn.on("packet", (packet) => {
      if (packet.type === "pong") pongs++;
    });
    await sleep(800); // 8 ping intervals, each pong due within 200 ms
    expect(pongs).toBeGreaterThanOrEqual(4);
    expect(session.closed).toBe(false);
    expect(sockets[0]!.connected).toBe(true);
    let answer: unknown[] | undefined;
    session.onAck = (_id, packet) => (answer = JSON.parse(packet.slice(packet.indexOf("["))) as unknown[]);
    session.emitWithAck("echo", '"after the heartbeats"');
    await waitUntil(() => answer !== undefined, 5000, "ack after heartbeats");
    expect(answer).toEqual(["after the heartbeats"]);
  });

  it("close() closes both sockets and the server ends the session", async () => {
    const session = await connect();
    await waitUntil(() => io.engine.clientsCount === 1, 2000, "engine session");
    expect(agent.size).toBe(2);
    session.close();
    expect(agent.size).toBe(0);
    await waitUntil(() => io.engine.clientsCount === 0, 3000, "server-side session end");
    expect(sockets[0]!.connected).toBe(false);
  });

  it("reads the server's 400 answer to an unknown sid (chunked on the official server)", async () => {
    const connection = agent.connection(port);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const path = "/socket.io/?EIO=4&transport=polling&sid=unknown-session";
      connection.request(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        "GET unknown sid",
        5000,
        (error, status, body) => {
          if (error !== undefined) reject(error);
          else resolve({ status, body });
        },
      );
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 1, message: "Session ID unknown" });
  });
});

describe("raw HTTP connection", () => {
  it("fails a request that gets no answer within its timeout, and destroy() closes the socket", async () => {
    const accepted: Socket[] = [];
    const silent = createTcpServer((socket) => accepted.push(socket.resume())); // reads, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const agent = new HttpAgent();
    try {
      const connection = agent.connection((silent.address() as AddressInfo).port);
      const started = Date.now();
      const error = await withTimeout(
        new Promise<Error | undefined>((resolve) =>
          connection.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "silent GET", 300, (e) => resolve(e)),
        ),
        5000,
        "the request's own timeout",
      );
      expect(error?.message).toMatch(/silent GET timed out after 300 ms/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(accepted).toHaveLength(1);
      await waitUntil(
        () => accepted[0]!.closed || accepted[0]!.readableEnded,
        2000,
        "server side of the timed-out socket closed",
      );
    } finally {
      agent.destroy();
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
  it("reopens its socket after the server closed it (Connection: close, keep-alive timeout)", async () => {
    let connections = 0;
    let served = 0;
    const http = createHttpServer((request, response) => {
      served++;
      // The first answer closes its connection; the others keep it alive briefly.
      if (served === 1) response.setHeader("Connection", "close");
      response.end(`ok ${request.url}`);
    });
    http.keepAliveTimeout = 100;
    http.on("connection", () => connections++);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const agent = new HttpAgent();
    try {
      const connection = agent.connection((http.address() as AddressInfo).port);
      const get = (path: string): Promise<string> =>
        new Promise((resolve, reject) =>
          connection.request(
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
            `GET ${path}`,
            2000,
            (error, status, body) =>
              error === undefined && status === 200 ? resolve(body) : reject(error ?? new Error(`status ${status}`)),
          ),
        );
      expect(await get("/1")).toBe("ok /1");
      expect(await get("/2")).toBe("ok /2");
      expect(await get("/3")).toBe("ok /3"); // same socket as /2
      await sleep(1400); // Node's server drops an idle socket 1 s after keepAliveTimeout
      expect(await get("/4")).toBe("ok /4");
      expect(connections).toBe(3);
    } finally {
      agent.destroy();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
  it("reads answers that arrive in small pieces, chunked or with Content-Length", async () => {
    const body = `["${TEXT}"]`;
    const answers = [
      `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      `HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n["h\r\n${(Buffer.byteLength(body) - 3).toString(16)}\r\n${body.slice(3)}\r\n0\r\n\r\n`,
    ];
    let next = 0;
    // Writes each answer 3 bytes at a time (a multi-byte character gets split), one write per ms.
    const trickle = createTcpServer((socket) => {
      socket.setNoDelay(true);
      socket.on("data", () => {
        const bytes = Buffer.from(answers[next++]!);
        let at = 0;
        const timer = setInterval(() => {
          if (socket.destroyed || at >= bytes.length) return clearInterval(timer);
          socket.write(bytes.subarray(at, (at += 3)));
        }, 1);
      });
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    const agent = new HttpAgent();
    try {
      const connection = agent.connection((trickle.address() as AddressInfo).port);
      const get = (): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) =>
          connection.request("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET", 5000, (error, status, text) =>
            error === undefined ? resolve({ status, body: text }) : reject(error),
          ),
        );
      expect(await get()).toEqual({ status: 200, body });
      expect(await get()).toEqual({ status: 400, body });
    } finally {
      agent.destroy();
      await new Promise((resolve) => trickle.close(resolve));
    }
  });
});
