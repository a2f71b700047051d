// A broadcast or a ping to an idle session nobody observes skips the session's write buffer: the
// transport writes a ready frame straight to the TCP socket (no packet, no flush, no events; its
// `send` is not called). Anything that could tell the difference takes the normal path instead: a send
// callback, a listener on the write events, a write still pending. What comes while the direct
// write is pending waits in the write buffer and goes out in one batch; a peer that stops reading
// still ends at maxWriteBufferSize.
import type { Socket as NetSocket } from "node:net";
import { afterEach, expect, test } from "vitest";
import type { Packet } from "@socketry/engine-parser";
import type WebSocketClient from "ws";
import { closeOf, rawPeers, startEngine, until, type RawPeer, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: WebSocketClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await running?.stop();
  running = undefined;
});

interface Peer extends RawPeer {
  /** The packets of each call of the transport's `send` (the normal path) after the handshake. */
  sends: string[][];
}

async function peers(count: number, answerPings = false): Promise<Peer[]> {
  const list = (await rawPeers(running!, count, clients)).map((raw) => {
    const peer: Peer = { ...raw, sends: [] };
    const transport = peer.socket.transport;
    const send = transport.send.bind(transport);
    transport.send = (packets: Packet[]) => {
      peer.sends.push(packets.map((packet) => String(packet.data)));
      send(packets);
    };
    if (answerPings)
      peer.client.on("message", (data: Buffer) => {
        if (data.toString() === "2") peer.client.send("3");
      });
    return peer;
  });
  // The open packet's write has drained: every session is idle.
  await until(() => list.every((peer) => peer.socket.transport.writable));
  return list;
}

/** The messages a client got, as text. */
const textsOf = (peer: Peer): string[] => peer.messages.map(String);

const frameOf = (packet: Packet) => (packet.options as { wsPreEncodedFrame?: Buffer[] } | undefined)?.wsPreEncodedFrame;

test("unobserved idle sessions: written directly, every client gets the same bytes", async () => {
  running = await startEngine();
  const list = await peers(3);
  const shared = { preEncoded: true };
  for (const peer of list) {
    peer.socket.send("hello", shared);
    expect(peer.socket.writeBuffer).toEqual([]);
    // Not writable until the frame is written, as after a normal write.
    expect(peer.socket.transport.writable).toBe(false);
  }
  await until(() => list.every((peer) => peer.messages.length === 1));
  for (const peer of list) {
    expect(peer.sends).toEqual([]);
    expect(textsOf(peer)).toEqual(["4hello"]);
    expect(Buffer.concat(peer.bytes).equals(Buffer.concat(list[0]!.bytes))).toBe(true);
  }
  await until(() => list.every((peer) => peer.socket.transport.writable));
});

test("what is written while a direct write is pending goes out in one batch, in order", async () => {
  running = await startEngine();
  const [peer] = await peers(1);
  const first = { preEncoded: true };
  const second = { preEncoded: true };
  peer!.socket.send("one", first);
  peer!.socket.send("two", second);
  peer!.socket.send("three");
  expect(peer!.socket.writeBuffer.map((packet) => packet.data)).toEqual(["two", "three"]);
  await until(() => peer!.messages.length === 3);
  expect(textsOf(peer!)).toEqual(["4one", "4two", "4three"]);
  expect(peer!.sends).toEqual([["two", "three"]]);
});

test("an observed session among unobserved ones still sees the frame the others received", async () => {
  running = await startEngine();
  const list = await peers(3);
  const created: Packet[] = [];
  // The observed session comes last: the frame is already built by then.
  list[2]!.socket.on("packetCreate", (packet: Packet) => created.push(packet));
  const shared = { preEncoded: true };
  for (const peer of list) peer.socket.send("mixed", shared);
  await until(() => list.every((peer) => peer.messages.length === 1));
  expect(list.map((peer) => peer.sends)).toEqual([[], [], [["mixed"]]]);
  expect(created).toHaveLength(1);
  const frame = Buffer.concat(frameOf(created[0]!)!);
  for (const peer of list) expect(Buffer.concat(peer.bytes).equals(frame)).toBe(true);
});

test.each([
  ["a send callback", (peer: Peer, shared: object) => peer.socket.send("x", shared, () => {})],
  [
    "a flush listener on the session",
    (peer: Peer, shared: object) => peer.socket.on("flush", () => {}).send("x", shared),
  ],
  [
    "a drain listener on the server",
    (peer: Peer, shared: object) => {
      running!.engine.on("drain", () => {});
      peer.socket.send("x", shared);
    },
  ],
])("%s: the normal path (the packet goes through the transport's send)", async (_what, send) => {
  running = await startEngine();
  const [peer] = await peers(1);
  send(peer!, { preEncoded: true });
  await until(() => peer!.messages.length === 1);
  expect(textsOf(peer!)).toEqual(["4x"]);
  expect(peer!.sends).toEqual([["x"]]);
});

test("not a broadcast (no shared options): the normal path", async () => {
  running = await startEngine();
  const [peer] = await peers(1);
  peer!.socket.send("plain");
  await until(() => peer!.messages.length === 1);
  expect(textsOf(peer!)).toEqual(["4plain"]);
  expect(peer!.sends).toEqual([["plain"]]);
});

test("a peer that stops reading: one frame at most waits in the socket, and the session ends at maxWriteBufferSize", async () => {
  const limit = 1024 * 1024;
  running = await startEngine({ maxWriteBufferSize: limit });
  const [peer] = await peers(1);
  (peer!.client as unknown as { _socket: NetSocket })._socket.pause();
  // The upgraded request's TCP socket is the one the frames are written to.
  const serverSide = peer!.socket.request.socket;
  const closed = closeOf(peer!.socket);
  const chunk = "y".repeat(64 * 1024);
  const shared = { preEncoded: true };
  let sent = 0;
  let mostUnwritten = 0;
  // The kernel's loopback buffers take a few MB; the write buffer's cap ends the session after them.
  for (; sent < 1000 && peer!.socket.readyState === "open"; sent++) {
    peer!.socket.send(chunk, shared);
    mostUnwritten = Math.max(mostUnwritten, serverSide.writableLength);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const [reason, error] = await closed;
  expect(reason).toBe("write buffer full");
  expect(error?.code).toBe("ERR_ENGINE_WRITE_BUFFER_FULL");
  expect(sent).toBeLessThan(1000);
  // The one pending write; the rest waited in the write buffer.
  expect(mostUnwritten).toBeGreaterThan(0);
  expect(mostUnwritten).toBeLessThanOrEqual(chunk.length + 14);
});

test("heartbeats: each ping is the ready frame, written directly, and the session lives on its pongs", async () => {
  running = await startEngine({ pingInterval: 40, pingTimeout: 200 });
  const [peer] = await peers(1, true);
  await until(() => textsOf(peer!).filter((message) => message === "2").length >= 3);
  expect(peer!.sends).toEqual([]);
  expect(peer!.socket.readyState).toBe("open");
  // Three bytes per ping on the wire: FIN + text opcode, length 1, "2".
  expect(Buffer.concat(peer!.bytes).subarray(0, 3)).toEqual(Buffer.from([0x81, 0x01, 0x32]));
});

test("heartbeats observed through packetCreate take the normal path", async () => {
  running = await startEngine({ pingInterval: 40, pingTimeout: 200 });
  const [peer] = await peers(1, true);
  const created: string[] = [];
  peer!.socket.on("packetCreate", (packet: Packet) => created.push(packet.type));
  await until(() => textsOf(peer!).filter((message) => message === "2").length >= 2);
  expect(created.slice(0, 2)).toEqual(["ping", "ping"]);
  expect(peer!.sends.slice(0, 2)).toEqual([["undefined"], ["undefined"]]);
});

test("a ping due while a write is pending waits in the write buffer", async () => {
  running = await startEngine({ pingInterval: 40, pingTimeout: 2000 });
  const [peer] = await peers(1, true);
  // A large plain write keeps the transport busy across a ping's due time on a paused reader.
  const client = (peer!.client as unknown as { _socket: NetSocket })._socket;
  client.pause();
  peer!.socket.send("z".repeat(8 * 1024 * 1024));
  await until(() => peer!.socket.writeBuffer.some((packet) => packet.type === "ping"));
  client.resume();
  await until(() => textsOf(peer!).includes("2"));
  expect(peer!.sends.some((packets) => packets.includes("undefined"))).toBe(true);
});
