// A broadcast (one options object with `preEncoded`, handed to every recipient) shows its WebSocket
// frame to `packetCreate` observers as `wsPreEncodedFrame`: one array for the whole broadcast, the
// very bytes each client's TCP socket receives; nothing for binary data or for a plain send.
import { afterEach, expect, test } from "vitest";
import type { Packet } from "@socketry/engine-parser";
import type WebSocketClient from "ws";
import { rawPeers, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: WebSocketClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await running?.stop();
  running = undefined;
});

const peers = (count: number, extra = "") => rawPeers(running!, count, clients, extra);

const frameOf = (packet: Packet) => (packet.options as { wsPreEncodedFrame?: Buffer[] } | undefined)?.wsPreEncodedFrame;

test.each([3, 300, 70_000])(
  "a text broadcast of %i characters: one frame, the bytes every client receives",
  async (size) => {
    running = await startEngine();
    const list = await peers(3);
    const frames: unknown[] = [];
    for (const peer of list) peer.socket.once("packetCreate", (packet: Packet) => frames.push(frameOf(packet)));
    const text = "é".repeat(size);
    const shared = { preEncoded: true };
    for (const peer of list) peer.socket.send(text, shared);
    await until(() => list.every((peer) => peer.messages.length === 1));
    expect(frames).toHaveLength(3);
    expect(Array.isArray(frames[0])).toBe(true);
    expect(frames[1]).toBe(frames[0]);
    expect(frames[2]).toBe(frames[0]);
    const frame = Buffer.concat(frames[0] as Buffer[]);
    for (const peer of list) {
      expect(peer.messages[0]!.toString()).toBe("4" + text);
      expect(Buffer.concat(peer.bytes).equals(frame)).toBe(true);
    }
  },
);

test("nobody reads it: the clients still get the broadcast, and the option reads the same frame later", async () => {
  running = await startEngine();
  const list = await peers(2);
  const created: Packet[] = [];
  for (const peer of list) peer.socket.once("packetCreate", (packet: Packet) => created.push(packet));
  const shared = { preEncoded: true };
  for (const peer of list) peer.socket.send("late", shared);
  await until(() => list.every((peer) => peer.messages.length === 1));
  const frame = Buffer.concat(frameOf(created[0]!)!);
  for (const peer of list) expect(Buffer.concat(peer.bytes).equals(frame)).toBe(true);
});

test("no frame for a binary broadcast, nor for a plain send", async () => {
  running = await startEngine();
  const [peer] = await peers(1);
  const created: Packet[] = [];
  peer!.socket.on("packetCreate", (packet: Packet) => created.push(packet));
  peer!.socket.send(Buffer.from([1, 2, 3]), { preEncoded: true });
  peer!.socket.send("plain");
  await until(() => peer!.messages.length === 2);
  expect(created.map(frameOf)).toEqual([undefined, undefined]);
  expect([...peer!.messages[0]!]).toEqual([1, 2, 3]);
  expect(peer!.messages[1]!.toString()).toBe("4plain");
});

test("with permessage-deflate the option still names the uncompressed frame, and ws compresses what it sends", async () => {
  running = await startEngine({ perMessageDeflate: { threshold: 0 } });
  const [peer] = await peers(1);
  const frames: unknown[] = [];
  peer!.socket.once("packetCreate", (packet: Packet) => frames.push(frameOf(packet)));
  peer!.socket.send("x".repeat(500), { preEncoded: true });
  await until(() => peer!.messages.length === 1);
  expect(peer!.messages[0]!.toString()).toBe("4" + "x".repeat(500));
  const frame = Buffer.concat(frames[0] as Buffer[]);
  expect(frame.subarray(-501).toString()).toBe("4" + "x".repeat(500));
  expect(Buffer.concat(peer!.bytes).length).toBeLessThan(frame.length);
});

test("an option the writer supplied is left as is, and a broadcast's packets are still framed each from its own data", async () => {
  running = await startEngine();
  const [peer] = await peers(1);
  const supplied = [Buffer.from([0x81, 5]), Buffer.from("4head")];
  const created: Packet[] = [];
  peer!.socket.on("packetCreate", (packet: Packet) => created.push(packet));
  // One options object for a header and its attachment, as a binary broadcast writes them.
  const shared = { preEncoded: true, wsPreEncodedFrame: supplied };
  peer!.socket.send("head", shared);
  peer!.socket.send(Buffer.from([9, 8]), shared);
  await until(() => peer!.messages.length === 2);
  expect(created.map(frameOf)).toEqual([supplied, supplied]);
  expect(peer!.messages[0]!.toString()).toBe("4head");
  expect([...peer!.messages[1]!]).toEqual([9, 8]);
});
