// The bench's lean load-generator clients speak the protocol right: against a socketry server with
// the bench handlers, they get the same answers as the official socket.io-client 4.8.4.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Server } from "socketry";
import { io as connectOfficial, type Socket as OfficialSocket } from "socket.io-client";
import { installHandlers, type BenchIo } from "../src/e2e/handlers.js";
import { connectWs, type LeanWsSession } from "../src/e2e/ws-client.js";
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
    const payload = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => i % 251));
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
    expect(leanTicks).toEqual(expect.arrayContaining([["tick", { s: 1, t: 2.5 }], ["tick", { s: 2, t: 3.5 }]]));
    expect(officialTicks).toEqual(expect.arrayContaining([{ s: 1, t: 2.5 }, { s: 2, t: 3.5 }]));
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
      const received: Array<{ session: number; id: number; args: unknown[] }> = [];
      sessions.forEach((session, index) => {
        session.onAck = (id, packet) => received.push({ session: index, id, args: JSON.parse(packet.slice(packet.indexOf("["))) as unknown[] });
      });
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
