// The encoder's fast path (src/packet-head.ts) writes the head of `{ type, nsp[, id], data }`
// itself: at every boundary of its integer and string forms, and for every shape it leaves to the
// generic path, the bytes must be notepack.io's for the same packet (BINARY_* as the plain type).
import notepack from "notepack.io";
import { describe, expect, it } from "vitest";
import { Encoder, type Packet, PacketType } from "../src/index.js";

const encoder = new Encoder();
const ours = (packet: Packet): string => (encoder.encode(packet)[0] as Buffer).toString("hex");
const plainType = (type: PacketType): PacketType =>
  type === PacketType.BINARY_EVENT ? PacketType.EVENT : type === PacketType.BINARY_ACK ? PacketType.ACK : type;
const notepacks = (packet: Packet): string => {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(packet))
    wire[key] = key === "type" ? plainType(value as PacketType) : value;
  return (notepack.encode(wire) as Buffer).toString("hex");
};

describe("the encoder's fast path for { type, nsp[, id], data }", () => {
  it.each([0, 1, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1])(
    "writes ack id %d in msgpack's smallest form",
    (id) => {
      const packet: Packet = { type: PacketType.ACK, nsp: "/", id, data: ["ok"] };
      expect(ours(packet)).toBe(notepacks(packet));
    },
  );

  it.each([
    ["the root namespace", "/"],
    ["31 ASCII characters (the longest fixstr)", `/${"n".repeat(30)}`],
    ["32 characters (str8, the generic path)", `/${"n".repeat(31)}`],
    ["a non-ASCII namespace (the generic path)", "/ünïcode"],
    ["an empty namespace", ""],
  ])("writes %s", (_name, nsp) => {
    for (const packet of [
      { type: PacketType.EVENT, nsp, data: ["e", 1] },
      { type: PacketType.EVENT, nsp, id: 300, data: ["e", 1] },
    ] as Packet[]) {
      expect(ours(packet)).toBe(notepacks(packet));
    }
  });

  it("writes BINARY_EVENT and BINARY_ACK as their plain type, the Buffer inline", () => {
    for (const type of [PacketType.BINARY_EVENT, PacketType.BINARY_ACK]) {
      const packet: Packet = { type, nsp: "/chat", id: 7, data: ["file", Buffer.from([1, 2, 3])] };
      expect(ours(packet)).toBe(notepacks(packet));
      expect(ours(packet).startsWith(`84a474797065${type === PacketType.BINARY_EVENT ? "02" : "03"}`)).toBe(true);
    }
  });

  it("leaves other shapes to the generic path with the same bytes: other orders, undefined or unknown fields, ids that are not uint32 (ids past 32 bits: the known float64 difference, in official-crosscheck.test.ts)", () => {
    const shapes: Packet[] = [
      { type: PacketType.EVENT, nsp: "/", data: ["a"], id: 3 },
      { type: PacketType.EVENT, data: ["a"], nsp: "/" } as Packet,
      { nsp: "/", type: PacketType.EVENT, data: ["a"] } as Packet,
      { type: PacketType.EVENT, nsp: "/", id: undefined, data: ["a"] },
      { type: PacketType.EVENT, nsp: "/", id: -1, data: ["a"] },
      { type: PacketType.EVENT, nsp: "/", id: 1.5, data: ["a"] },
      { type: PacketType.CONNECT, nsp: "/", data: undefined },
      { type: PacketType.DISCONNECT, nsp: "/" },
    ];
    for (const packet of shapes) {
      const expected = notepacks(
        Object.fromEntries(Object.entries(packet).filter(([, v]) => v !== undefined)) as Packet,
      );
      expect(ours(packet)).toBe(expected);
    }
  });

  it("keeps its head when the data outgrows the shared slab (msgpackr moves the bytes to a bigger one)", () => {
    for (const size of [30 * 1024, 200 * 1024, 2 * 1024 * 1024]) {
      const packet: Packet = { type: PacketType.EVENT, nsp: "/big", id: 70_000, data: ["blob", Buffer.alloc(size, 9)] };
      const [bytes] = encoder.encode(packet) as Buffer[];
      expect(bytes!.subarray(0, 40).toString("hex")).toBe(notepacks(packet).slice(0, 80));
      expect(bytes!.length).toBe(notepacks(packet).length / 2);
    }
  });
});
