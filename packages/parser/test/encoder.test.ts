import { describe, expect, it } from "vitest";
import { Decoder, Encoder, PacketType, type Packet } from "../src/index.js";

const encoder = new Encoder();

describe("Encoder", () => {
  it("writes header then JSON: namespace only when not '/', id, no payload for null/undefined data", () => {
    expect(encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["a", 1], id: 0 })).toEqual(['20["a",1]']);
    expect(encoder.encode({ type: PacketType.ACK, nsp: "/x", data: [], id: 9 })).toEqual(["3/x,9[]"]);
    expect(encoder.encode({ type: PacketType.CONNECT, nsp: "/", data: null })).toEqual(["0"]);
    expect(encoder.encode({ type: PacketType.DISCONNECT, nsp: "/a", data: undefined })).toEqual(["1/a,"]);
    expect(encoder.encode({ type: PacketType.CONNECT_ERROR, nsp: "/", data: "nope" })).toEqual(['4"nope"']);
  });

  it("finds Buffer, ArrayBuffer and every kind of view anywhere, and returns each as given, as socket.io-parser does", () => {
    const arrayBuffer = new Uint8Array([1, 2]).buffer;
    const view = new Uint8Array([0, 3, 4, 0]).subarray(1, 3);
    const floats = new Float32Array([1.5]);
    const dataView = new DataView(new Uint8Array([5]).buffer);
    const [header, ...attachments] = encoder.encode({
      type: PacketType.EVENT,
      nsp: "/",
      data: ["mix", { deep: [arrayBuffer, { v: view }] }, floats, dataView],
    });
    expect(header).toBe(
      '54-["mix",{"deep":[{"_placeholder":true,"num":0},{"v":{"_placeholder":true,"num":1}}]},{"_placeholder":true,"num":2},{"_placeholder":true,"num":3}]',
    );
    expect(attachments).toHaveLength(4);
    expect(attachments[0]).toBe(arrayBuffer);
    expect(attachments[1]).toBe(view);
    expect(attachments[2]).toBe(floats);
    expect(attachments[3]).toBe(dataView);
  });

  it("turns an ACK with binary into BINARY_ACK, and a BINARY_* packet without binary into its plain type", () => {
    expect(encoder.encode({ type: PacketType.ACK, nsp: "/", id: 1, data: [Buffer.from([7])] })).toEqual([
      '61-1[{"_placeholder":true,"num":0}]',
      Buffer.from([7]),
    ]);
    expect(encoder.encode({ type: PacketType.BINARY_EVENT, nsp: "/", data: ["a"], attachments: 3 })).toEqual([
      '2["a"]',
    ]);
    expect(encoder.encode({ type: PacketType.BINARY_ACK, nsp: "/", id: 2, data: [] })).toEqual(["32[]"]);
  });

  it("does not touch the caller's data when replacing binaries", () => {
    const buffer = Buffer.from([1]);
    const data = ["a", { b: buffer, c: [buffer] }];
    const inner = data[1] as { b: unknown; c: unknown[] };
    const snapshot = JSON.stringify(data);
    encoder.encode({ type: PacketType.EVENT, nsp: "/", data });
    expect(JSON.stringify(data)).toBe(snapshot);
    expect(inner.b).toBe(buffer);
    expect(inner.c[0]).toBe(buffer);
  });

  it("sees through toJSON like JSON.stringify, including a toJSON that returns binary", () => {
    const date = new Date(0);
    const custom = { toJSON: () => ({ shown: true }) };
    const binaryBehind = { toJSON: () => Buffer.from([6]) };
    expect(encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["t", date, custom] })).toEqual([
      `2["t","1970-01-01T00:00:00.000Z",{"shown":true}]`,
    ]);
    expect(encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["t", binaryBehind] })).toEqual([
      '51-["t",{"_placeholder":true,"num":0}]',
      Buffer.from([6]),
    ]);
  });

  it("an own toJSON listed after a binary key replaces the whole object (no stray attachment)", () => {
    const data = ["t", { hidden: Buffer.from([1]), toJSON: () => ({ shown: Buffer.from([2]) }) }];
    expect(encoder.encode({ type: PacketType.EVENT, nsp: "/", data })).toEqual([
      '51-["t",{"shown":{"_placeholder":true,"num":0}}]',
      Buffer.from([2]),
    ]);
    const noBinaryBehind = ["t", { hidden: Buffer.from([1]), toJSON: () => "plain" }];
    expect(encoder.encode({ type: PacketType.EVENT, nsp: "/", data: noBinaryBehind })).toEqual(['2["t","plain"]']);
  });

  it("keeps an own __proto__ key as data next to a binary (no prototype change in the copy)", () => {
    const data = JSON.parse('["a",{"__proto__":{"x":1}}]') as unknown[];
    (data[1] as Record<string, unknown>).b = Buffer.from([1]);
    const [header] = encoder.encode({ type: PacketType.EVENT, nsp: "/", data });
    expect(header).toBe('51-["a",{"__proto__":{"x":1},"b":{"_placeholder":true,"num":0}}]');
  });

  it("passes the replacer to JSON.stringify", () => {
    const hideSecrets = new Encoder((key, value) => (key === "secret" ? undefined : value));
    expect(hideSecrets.encode({ type: PacketType.EVENT, nsp: "/", data: ["a", { secret: 1, shown: 2 }] })).toEqual([
      '2["a",{"shown":2}]',
    ]);
  });

  it("round-trips ArrayBuffers (also deep, and in null-prototype objects) as ArrayBuffers through the decoder", () => {
    const arrayBuffer = new Uint8Array([1, 2]).buffer;
    const inNullProto = Object.assign(Object.create(null) as Record<string, unknown>, { array: arrayBuffer });
    const packet: Packet = {
      type: PacketType.EVENT,
      nsp: "/deep",
      id: 9,
      data: ["a", { b: { c: arrayBuffer } }, inNullProto, null],
    };
    const decoder = new Decoder();
    let decoded: Packet | undefined;
    decoder.on("decoded", (p) => (decoded = p));
    for (const part of encoder.encode(packet)) decoder.add(part);
    expect(decoded?.data[1].b.c).toBe(arrayBuffer);
    expect(decoded?.data[2].array).toBe(arrayBuffer);
    expect(decoded).toEqual({
      type: PacketType.EVENT,
      nsp: "/deep",
      id: 9,
      data: ["a", { b: { c: arrayBuffer } }, { array: arrayBuffer }, null],
    });
  });
});
