import { describe, expect, it } from "vitest";
import { Encoder, PacketType } from "../src/index.js";
import { hex } from "./helpers.js";

const encoder = new Encoder();
const bytes = (packet: Parameters<Encoder["encode"]>[0]) => {
  const chunks = encoder.encode(packet);
  expect(chunks).toHaveLength(1);
  expect(Buffer.isBuffer(chunks[0])).toBe(true);
  return (chunks[0] as Buffer).toString("hex");
};

describe("msgpack Encoder", () => {
  it("writes the packet as one fixmap with the caller's key order", () => {
    expect(bytes({ type: PacketType.EVENT, nsp: "/", data: ["a"] })).toBe(
      hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 91 a1 61").toString("hex"),
    );
    expect(bytes({ type: PacketType.EVENT, data: ["a"], nsp: "/" } as never)).toBe(
      hex("83 a4 74797065 02 a4 64617461 91 a1 61 a3 6e7370 a1 2f").toString("hex"),
    );
  });

  it("leaves out undefined fields and unknown fields, and writes BINARY_* as their plain type", () => {
    expect(bytes({ type: PacketType.CONNECT, nsp: "/", data: undefined })).toBe(
      hex("82 a4 74797065 00 a3 6e7370 a1 2f").toString("hex"),
    );
    expect(bytes({ type: PacketType.BINARY_ACK, nsp: "/", data: [], id: 1, attachments: 0 })).toBe(
      hex("84 a4 74797065 03 a3 6e7370 a1 2f a4 64617461 90 a2 6964 01").toString("hex"),
    );
  });

  it("writes every binary type as msgpack bin with the view's own bytes, never an extension", () => {
    const view = new Uint8Array([0, 1, 2, 0]).subarray(1, 3);
    for (const binary of [
      Buffer.from([1, 2]),
      new Uint8Array([1, 2]).buffer,
      view,
      new DataView(new Uint8Array([1, 2]).buffer),
    ]) {
      expect(bytes({ type: PacketType.EVENT, nsp: "/", data: [binary] })).toBe(
        hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 91 c4 02 01 02").toString("hex"),
      );
    }
  });

  it("writes undefined array items as nil and skips undefined object values", () => {
    expect(bytes({ type: PacketType.EVENT, nsp: "/", data: ["a", undefined, { x: undefined }] })).toBe(
      hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 93 a1 61 c0 80").toString("hex"),
    );
  });

  it("returns a result that later encodes do not overwrite", () => {
    const [first] = encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["first"] });
    const copy = Buffer.from(first as Buffer);
    for (let i = 0; i < 2000; i++)
      encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["other", i, Buffer.alloc(100)] });
    expect(first).toEqual(copy);
  });

  it("never lets a big packet make later small packets pin a big slab, nor pin more than twice its own size", () => {
    const [big] = encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["big", Buffer.alloc(1_000_000, 1)] });
    expect((big as Buffer).length).toBeGreaterThan(1_000_000);
    expect((big as Buffer).buffer.byteLength).toBeLessThanOrEqual(2 * (big as Buffer).length);
    for (let i = 0; i < 50; i++) {
      const [small] = encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["small", i] });
      expect((small as Buffer).buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
    }
    expect([...(big as Buffer).subarray(-3)]).toEqual([1, 1, 1]);
  });

  it("packs the caller's packet unchanged and never modifies it", () => {
    const packet = Object.freeze({
      type: PacketType.BINARY_EVENT,
      nsp: "/",
      data: Object.freeze(["a", Buffer.from([1])]),
      attachments: 1,
    });
    expect(bytes(packet)).toBe(hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 92 a1 61 c4 01 01").toString("hex"));
    expect(packet.type).toBe(PacketType.BINARY_EVENT);
  });

  it("refuses data nested too deep for msgpackr's recursive writer, and circular data, with ERR_PARSER_MAX_DEPTH, then encodes the next packet whole", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const data of [
      ["e", deep],
      ["e", cyclic],
    ]) {
      expect(() => encoder.encode({ type: PacketType.EVENT, nsp: "/", data })).toThrow(
        expect.objectContaining({ code: "ERR_PARSER_MAX_DEPTH" }),
      );
    }
    expect(bytes({ type: PacketType.EVENT, nsp: "/", data: ["a"] })).toBe(
      hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 91 a1 61").toString("hex"),
    );
  });
});
