// The bench's lean load-generator clients speak the protocol right: against a socketry server with
// the bench handlers, they get the same answers as the official socket.io-client 4.8.4.
import { createHash } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket as TcpSocket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Server } from "socketry";
import { Server as OfficialServer } from "socket.io";
import { io as connectOfficial, type Socket as OfficialSocket } from "socket.io-client";
import { installHandlers, type BenchIo } from "../src/e2e/handlers.js";
import { connectMany, connectWs, type LeanWsSession } from "../src/e2e/ws-client.js";
import { FrameReader } from "../src/e2e/raw-ws.js";
import { startPlainPolling } from "../src/e2e/plain-polling.js";
import { connectPollingMany, createPollingAgent } from "../src/e2e/polling-client.js";
import type { LeanSession } from "../src/e2e/session.js";
import { sleep, withTimeout } from "../src/e2e/timeout.js";

const DATA = { text: "héllo", n: 42, list: [1, null, true], nested: { a: "b" } };

let http: HttpServer;
let io: Server;
let port: number;
const toClose: Array<{ close(): unknown }> = [];

beforeEach(async () => {
  http = createServer();
  // Short heartbeat so the tests also see the lean clients answer pings.
  io = new Server(http, { pingInterval: 100, pingTimeout: 200 });
  installHandlers(io as unknown as BenchIo, { joinRoom: true, releaseRequest: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  port = (http.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const client of toClose.splice(0)) client.close();
  const closed = io.close();
  // Idle keep-alive connections of the polling clients would hold http.close() open.
  http.closeAllConnections();
  await closed;
});

function official(transports: Array<"websocket" | "polling">): Promise<OfficialSocket> {
  const socket = connectOfficial(`http://127.0.0.1:${port}`, { transports, forceNew: true, reconnection: false });
  toClose.push(socket);
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    }),
    5000,
    "official client connect",
  );
}

async function lean(): Promise<LeanWsSession> {
  const session = await connectWs(port, undefined, 5000);
  toClose.push(session);
  return session;
}

/** The arguments of a text ack `43<id>[...]` as the lean client received it. */
function ackArgs(session: LeanSession, send: () => number): Promise<unknown[]> {
  return withTimeout(
    new Promise((resolve) => {
      let expected = -1;
      session.onAck = (id, packet) => {
        if (id === expected) resolve(JSON.parse(packet.slice(packet.indexOf("["))) as unknown[]);
      };
      expected = send();
    }),
    5000,
    "lean ack",
  );
}

/** Every text ack the sessions get from now on: which session, its id and its arguments. */
function collectAcks(sessions: readonly LeanSession[]): Array<{ session: number; id: number; args: unknown[] }> {
  const received: Array<{ session: number; id: number; args: unknown[] }> = [];
  sessions.forEach((session, index) => {
    session.onAck = (id, packet) =>
      received.push({ session: index, id, args: JSON.parse(packet.slice(packet.indexOf("["))) as unknown[] });
  });
  return received;
}

describe("lean WebSocket client", () => {
  it("connects to / and gets the same echo ack as the official client", async () => {
    const [mine, theirs] = await Promise.all([lean(), official(["websocket"])]);
    expect(mine.sid).toMatch(/^[\w-]+$/);
    const leanAnswer = await ackArgs(mine, () => mine.emitWithAck("echo", JSON.stringify(DATA)));
    const officialAnswer = await withTimeout(theirs.emitWithAck("echo", DATA), 5000, "official ack");
    expect(leanAnswer).toEqual([DATA]);
    expect(leanAnswer).toEqual([officialAnswer]);
  });

  it("gets the same binary ack as the official client", async () => {
    const [mine, theirs] = await Promise.all([lean(), official(["websocket"])]);
    // Not a multiple of 4: the mask covers the tail after the word-wise bulk.
    const payload = Buffer.from(Array.from({ length: 64 * 1024 + 3 }, (_, i) => i % 251));
    const leanAnswer = await withTimeout(
      new Promise<Buffer>((resolve) => {
        mine.onBinaryAck = (_id, attachment, packet) => {
          expect(packet).toMatch(/^461-\d+\[\{"_placeholder":true,"num":0\}\]$/);
          resolve(attachment);
        };
        mine.emitBinaryWithAck("echo", payload);
      }),
      5000,
      "lean binary ack",
    );
    const officialAnswer = (await withTimeout(theirs.emitWithAck("echo", payload), 5000, "official ack")) as Buffer;
    expect(Buffer.compare(leanAnswer, payload)).toBe(0);
    expect(Buffer.compare(Buffer.from(officialAnswer), payload)).toBe(0);
  });

  it("receives a room broadcast triggered by either client, as the official client does", async () => {
    const [mine, theirs] = await Promise.all([lean(), official(["websocket"])]);
    const leanTicks: unknown[] = [];
    const officialTicks: unknown[] = [];
    mine.onEvent = (packet) => leanTicks.push(JSON.parse(packet.slice(2)));
    theirs.on("tick", (data: unknown) => officialTicks.push(data));
    mine.emit("fanout", JSON.stringify({ s: 1, t: 2.5 }));
    theirs.emit("fanout", { s: 2, t: 3.5 });
    for (let i = 0; i < 100 && (leanTicks.length < 2 || officialTicks.length < 2); i++) await sleep(20);
    expect(leanTicks).toEqual(
      expect.arrayContaining([
        ["tick", { s: 1, t: 2.5 }],
        ["tick", { s: 2, t: 3.5 }],
      ]),
    );
    expect(officialTicks).toEqual(
      expect.arrayContaining([
        { s: 1, t: 2.5 },
        { s: 2, t: 3.5 },
      ]),
    );
    expect(leanTicks).toHaveLength(2);
  });

  it("answers pings, so the session outlives several heartbeats", async () => {
    const mine = await lean();
    await sleep(700); // 7 ping intervals, each with a 200 ms timeout
    expect(mine.closed).toBe(false);
    expect(await ackArgs(mine, () => mine.emitWithAck("echo", "1"))).toEqual([1]);
  });
});

describe("lean long-polling client", () => {
  it("gets the same echo acks as the official client over polling, across heartbeats", async () => {
    const agent = createPollingAgent();
    try {
      const [sessions, theirs] = await Promise.all([connectPollingMany(port, 2, 2, agent), official(["polling"])]);
      const [mine] = sessions;
      toClose.push(...sessions);
      expect(theirs.io.engine.transport.name).toBe("polling");
      await sleep(400); // a few heartbeats carried on the long-poll GET
      // Acks queued in the same tick travel in one POST, records joined by \x1e.
      const received = collectAcks(sessions);
      const sent = [
        { session: 0, id: sessions[0]!.emitWithAck("echo", '{"n":1}'), n: 1 },
        { session: 0, id: sessions[0]!.emitWithAck("echo", '{"n":2}'), n: 2 },
        { session: 1, id: sessions[1]!.emitWithAck("echo", '{"n":3}'), n: 3 },
      ];
      for (let i = 0; i < 250 && received.length < sent.length; i++) await sleep(20);
      expect(received).toHaveLength(3);
      for (const { session, id, n } of sent) {
        expect(received.find((r) => r.session === session && r.id === id)?.args).toEqual([{ n }]);
      }
      const officialAnswer = await withTimeout(theirs.emitWithAck("echo", DATA), 5000, "official ack");
      const leanAnswer = await ackArgs(mine!, () => mine!.emitWithAck("echo", JSON.stringify(DATA)));
      expect(leanAnswer).toEqual([officialAnswer]);
      expect(sessions.every((s) => !s.closed)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});

/** An HTTP server with the bench handlers on 127.0.0.1; closed after the test. */
async function listen(makeIo: (http: HttpServer) => { close(): unknown }): Promise<number> {
  const server = createServer();
  const io = makeIo(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  toClose.push({
    close: () => {
      io.close();
      server.closeAllConnections();
    },
  });
  return (server.address() as AddressInfo).port;
}

describe("plain node:http long-polling reference", () => {
  it("answers the lean polling client's connect and echo acks, several per POST and per poll", async () => {
    const plainPort = await listen((server) => startPlainPolling(server));
    const agent = createPollingAgent();
    try {
      const sessions = await connectPollingMany(plainPort, 2, 2, agent);
      toClose.push(...sessions);
      const received = collectAcks(sessions);
      const sent = [
        { session: 0, id: sessions[0]!.emitWithAck("echo", '{"n":1}'), n: 1 },
        { session: 0, id: sessions[0]!.emitWithAck("echo", '{"n":2}'), n: 2 },
        { session: 1, id: sessions[1]!.emitWithAck("echo", '"three"'), n: "three" },
      ];
      for (let i = 0; i < 250 && received.length < sent.length; i++) await sleep(20);
      expect(received).toHaveLength(3);
      for (const { session, id, n } of sent) {
        expect(received.find((r) => r.session === session && r.id === id)?.args).toEqual([
          typeof n === "number" ? { n } : n,
        ]);
      }
      expect(sessions.every((s) => !s.closed)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});

describe("lean WebSocket client, connect path (raw socket, hand-built upgrade)", () => {
  it("opens many sessions with a bounded number in flight, each connected to / under the sid the server gave it", async () => {
    const sessions = await connectMany(port, 40, 8);
    toClose.push(...sessions);
    expect(sessions).toHaveLength(40);
    const sids = new Set(sessions.map((s) => s.sid));
    expect(sids.size).toBe(40);
    expect(new Set(io.of("/").sockets.keys())).toEqual(sids);
    const answers = await Promise.all(
      sessions.slice(0, 5).map((s, n) => ackArgs(s, () => s.emitWithAck("echo", `{"n":${n}}`))),
    );
    expect(answers).toEqual([0, 1, 2, 3, 4].map((n) => [{ n }]));
  });

  it("speaks to the official socket.io 4.8.4 server as the official client does", async () => {
    const officialPort = await listen((http) => {
      const official = new OfficialServer(http);
      installHandlers(official as unknown as BenchIo, { joinRoom: false, releaseRequest: false });
      return official;
    });
    const sessions = await connectMany(officialPort, 10, 4, { token: "t" });
    toClose.push(...sessions);
    const theirs = connectOfficial(`http://127.0.0.1:${officialPort}`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    toClose.push(theirs);
    await withTimeout(
      new Promise((resolve) => theirs.once("connect", () => resolve(undefined))),
      5000,
      "official client connect",
    );
    expect(new Set(sessions.map((s) => s.sid)).size).toBe(10);
    const mine = sessions[3]!;
    const leanAnswer = await ackArgs(mine, () => mine.emitWithAck("echo", JSON.stringify(DATA)));
    const officialAnswer = await withTimeout(theirs.emitWithAck("echo", DATA), 5000, "official ack");
    expect(leanAnswer).toEqual([officialAnswer]);
  });

  it("rejects at once when the server refuses the upgrade, and connectMany leaves nothing open", async () => {
    let refused = 0;
    const refusingPort = await listen((http) => {
      const refusing = new Server(http, {
        allowRequest: (_req, callback) => {
          refused++;
          callback("no", false);
        },
      });
      return refusing;
    });
    const started = Date.now();
    await expect(connectWs(refusingPort, undefined, 5000)).rejects.toThrow(/WebSocket upgrade refused: HTTP\/1\.1 403/);
    await expect(connectMany(refusingPort, 6, 3)).rejects.toThrow(/403/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(refused).toBeGreaterThanOrEqual(2);
  });
});

// ---- a hand-written WebSocket peer, to feed the client frames split, fragmented and interleaved ----

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) {
    header[1] = length;
  } else if (length < 0x10000) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

interface ClientFrame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  maskKey: Buffer;
  payload: Buffer;
}

/** Whole client frames at the front of `data` (unmasked), and the bytes left over. */
function readClientFrames(data: Buffer): { frames: ClientFrame[]; rest: Buffer } {
  const frames: ClientFrame[] = [];
  let offset = 0;
  while (data.length - offset >= 2) {
    const b1 = data[offset + 1]!;
    let length = b1 & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? data.subarray(start, start + 4) : Buffer.alloc(4);
    if (masked) start += 4;
    if (data.length < start + length) break;
    const payload = Buffer.from(data.subarray(start, start + length)).map((byte, i) => byte ^ mask[i & 3]!);
    frames.push({
      fin: (data[offset]! & 0x80) !== 0,
      opcode: data[offset]! & 0x0f,
      masked,
      maskKey: Buffer.from(mask),
      payload: Buffer.from(payload),
    });
    offset = start + length;
  }
  return { frames, rest: data.subarray(offset) };
}

/** Writes `data` in `pieces` parts a few ms apart, so the client reads them separately. */
async function dribble(socket: TcpSocket, data: Buffer, pieces: number): Promise<void> {
  const step = Math.ceil(data.length / pieces);
  for (let at = 0; at < data.length; at += step) {
    socket.write(data.subarray(at, at + step));
    await sleep(5);
  }
}

describe("lean WebSocket client, frame reading", () => {
  it("handles a split 101, fragmented messages around control frames, 16- and 64-bit lengths and a close", async () => {
    const received: ClientFrame[] = [];
    let upgradeRequest = "";
    let peer: TcpSocket | undefined;
    const fake = createTcpServer((socket) => {
      peer = socket;
      socket.setNoDelay(true);
      let data: Buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (upgradeRequest === "") {
          const end = data.indexOf("\r\n\r\n");
          if (end === -1) return;
          upgradeRequest = data.subarray(0, end).toString("latin1");
          data = data.subarray(end + 4);
          const key = /^sec-websocket-key: (.+)$/im.exec(upgradeRequest)?.[1] ?? "";
          const accept = createHash("sha1")
            .update(key + GUID)
            .digest("base64");
          const answer = Buffer.from(
            `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`,
          );
          const open = Buffer.from(
            '0{"sid":"engine-sid","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
          );
          const stream = Buffer.concat([
            answer,
            serverFrame(0x1, open.subarray(0, 20), false),
            serverFrame(0x9, Buffer.from("hi")),
            serverFrame(0x0, open.subarray(20, 50), false),
            serverFrame(0x0, open.subarray(50), true),
          ]);
          void dribble(socket, stream, 9);
        }
        const { frames, rest } = readClientFrames(data);
        data = rest;
        received.push(...frames);
        if (frames.some((f) => f.opcode === 0x1 && f.payload.toString() === "40")) {
          void dribble(socket, serverFrame(0x1, Buffer.from('40{"sid":"socket-sid"}')), 3);
        }
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    toClose.push({ close: () => fake.close() });
    const fakePort = (fake.address() as AddressInfo).port;
    try {
      const session = await connectWs(fakePort, undefined, 5000);
      expect(session.sid).toBe("socket-sid");
      expect(upgradeRequest).toMatch(/^GET \/socket\.io\/\?EIO=4&transport=websocket HTTP\/1\.1\r\n/);
      expect(upgradeRequest).toMatch(/\r\nUpgrade: websocket\r\n/i);
      expect(upgradeRequest).toMatch(/\r\nSec-WebSocket-Version: 13(\r\n|$)/i);
      // The ping got its pong (same payload) before the client sent its CONNECT; all client frames are masked.
      expect(received.map((f) => [f.opcode, f.payload.toString()])).toEqual([
        [0xa, "hi"],
        [0x1, "40"],
      ]);
      // A real (non-zero) key: ws skips unmasking under a zero key, which would flatter the servers.
      expect(received.every((f) => f.masked && f.fin && !f.maskKey.equals(Buffer.alloc(4)))).toBe(true);

      const events: string[] = [];
      session.onEvent = (packet) => events.push(packet);
      const medium = `42["tick","${"m".repeat(1000)}"]`; // three fragments (the last with a 16-bit length), a pong between
      const large = `42["tick","${"é".repeat(40_000)}"]`; // 64-bit length (80,000+ bytes)
      const mediumBytes = Buffer.from(medium);
      const frames = [
        serverFrame(0x1, mediumBytes.subarray(0, 100), false),
        serverFrame(0x0, mediumBytes.subarray(100, 200), false),
        serverFrame(0xa, Buffer.from("unsolicited pong")),
        serverFrame(0x0, mediumBytes.subarray(200), true),
        serverFrame(0x1, Buffer.from(large)),
      ];
      await dribble(peer!, Buffer.concat(frames), 7);
      for (let i = 0; i < 100 && events.length < 2; i++) await sleep(10);
      expect(events).toEqual([medium, large]);

      // A server close frame: the client answers with a close frame carrying the same status code.
      peer!.write(serverFrame(0x8, Buffer.from([0x03, 0xe8])));
      for (let i = 0; i < 100 && !session.closed; i++) await sleep(10);
      expect(session.closed).toBe(true);
      for (let i = 0; i < 100 && received.length < 3; i++) await sleep(10);
      expect(received[2]).toMatchObject({ opcode: 0x8, masked: true });
      expect([...received[2]!.payload]).toEqual([0x03, 0xe8]);
    } finally {
      peer?.destroy();
    }
  });

  it("reassembles the same messages however the stream is cut, from a read buffer reused after every push", () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 253));
    const text = "abcdefghij".repeat(20);
    const stream = Buffer.concat([
      serverFrame(0x1, Buffer.from("0{}")),
      serverFrame(0x2, binary), // 64-bit length
      serverFrame(0x1, Buffer.from(text.slice(0, 50)), false),
      serverFrame(0x0, Buffer.from(text.slice(50, 60)), false),
      serverFrame(0x9, Buffer.from("p")),
      serverFrame(0x0, Buffer.from(text.slice(60)), true), // 16-bit length
      serverFrame(0x2, Buffer.from([1, 2, 3])),
    ]);
    const expected = ["1:0{}", `2:${binary.toString("hex")}`, "9:p", `1:${text}`, "2:010203"];
    const reused = Buffer.alloc(stream.length);
    // Every cut size up to 64 puts a read boundary between any two nearby frames at least once.
    const cuts = [...Array.from({ length: 64 }, (_, i) => i + 1), 130, 4096, 65_536, stream.length];
    for (const cut of cuts) {
      const got: string[] = [];
      const kept: Buffer[] = [];
      const reader = new FrameReader((opcode, payload) => {
        got.push(`${opcode}:${opcode === 0x2 ? payload.toString("hex") : payload.toString()}`);
        if (opcode === 0x2) kept.push(payload);
      });
      for (let at = 0; at < stream.length; at += cut) {
        const piece = stream.subarray(at, Math.min(at + cut, stream.length));
        piece.copy(reused);
        reader.push(reused.subarray(0, piece.length));
        reused.fill(0xff, 0, piece.length); // what a reused read buffer does to anything not copied
      }
      expect(got, `cut every ${cut} bytes`).toEqual(expected);
      // Binary payloads stay valid after the push that delivered them.
      expect(kept.map((b) => b.toString("hex"))).toEqual([binary.toString("hex"), "010203"]);
    }
  });
});
