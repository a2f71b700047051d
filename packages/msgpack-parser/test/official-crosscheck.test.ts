// socketry <-> socket.io-msgpack-parser 3.0.2 (notepack.io 2.2) and notepack.io 3.0.1 on
// generated packets: each side decodes the other's bytes to the same packet, and the bytes are
// identical except for integers beyond 32 bits (msgpackr writes float64 where notepack writes
// uint64/int64; both decoders read the same Number, see TOOLCHAIN.md "msgpackr ⇄ notepack.io").
import fc from "fast-check";
import notepack3 from "notepack.io";
import * as official from "socket.io-msgpack-parser";
import { describe, expect, it } from "vitest";
import { Encoder, type Packet } from "../src/index.js";
import { packet } from "./arbitraries.js";
import { decode } from "./helpers.js";

const NUM_RUNS = 300;
const officialEncoder = new official.Encoder();
const encoder = new Encoder();

function officialDecode(bytes: Buffer): unknown {
  const decoder = new official.Decoder();
  let result: unknown;
  decoder.on("decoded", (decoded: unknown) => (result = decoded));
  decoder.add(bytes);
  return result;
}

const officialBytes = (p: Packet) => (officialEncoder.encode(p) as unknown as Buffer[])[0] as Buffer;
const ourBytes = (p: Packet) => encoder.encode(p)[0] as Buffer;

describe("cross-check with socket.io-msgpack-parser", () => {
  it("official decodes socketry's bytes to the same packet (large integers included)", () => {
    fc.assert(
      fc.property(packet({ wideIntegers: true }), (p) => {
        expect(officialDecode(ourBytes(p))).toEqual(p);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("socketry decodes the official bytes to the same packet (large integers included)", () => {
    fc.assert(
      fc.property(packet({ wideIntegers: true }), (p) => {
        expect(decode(officialBytes(p))).toEqual(p);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("bytes are identical to socket.io-msgpack-parser's and to notepack.io 3's (integers within 32 bits)", () => {
    fc.assert(
      fc.property(packet(), (p) => {
        const ours = ourBytes(p);
        expect(ours.toString("hex")).toBe(officialBytes(p).toString("hex"));
        expect(ours.toString("hex")).toBe(notepack3.encode(p).toString("hex"));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("the one known byte difference: integers beyond 32 bits", () => {
  it.each([2 ** 32, Number.MAX_SAFE_INTEGER, -(2 ** 31) - 1, -Number.MAX_SAFE_INTEGER])(
    "%d is written as float64 (notepack: (u)int64), and every decoder reads the same Number",
    (n) => {
      const p: Packet = { type: 2, nsp: "/", data: ["n", n], id: 1 };
      const ours = ourBytes(p);
      const theirs = officialBytes(p);
      expect(ours.length).toBe(theirs.length); // 9 bytes either way
      expect(ours.includes(Buffer.from([0xcb]))).toBe(true);
      expect(theirs.includes(Buffer.from([n < 0 ? 0xd3 : 0xcf]))).toBe(true);
      expect(officialDecode(ours)).toEqual(p);
      expect(notepack3.decode(ours)).toEqual(p);
      expect(decode(theirs)).toEqual(p);
    },
  );
});

describe("protocol v5 specification example packets over msgpack", () => {
  const bin = (...bytes: number[]) => Buffer.from(bytes);
  const examples: Packet[] = [
    { type: 0, nsp: "/" },
    { type: 0, nsp: "/", data: { sid: "wZX3oN0bSVIhsaknAAAI" } },
    { type: 0, nsp: "/admin", data: { token: "123" } },
    { type: 4, nsp: "/", data: { message: "Not authorized" } },
    { type: 2, nsp: "/", data: ["foo"] },
    { type: 2, nsp: "/admin", data: ["bar"] },
    { type: 2, nsp: "/", data: ["baz", bin(1, 2, 3, 4)] },
    { type: 2, nsp: "/admin", data: ["baz", bin(1, 2), bin(3, 4)] },
    { type: 2, nsp: "/", data: ["foo"], id: 12 },
    { type: 3, nsp: "/", data: [], id: 12 },
    { type: 3, nsp: "/admin", data: ["bar"], id: 13 },
    { type: 3, nsp: "/", data: ["bar", bin(1, 2, 3, 4)], id: 15 },
    { type: 1, nsp: "/" },
    { type: 1, nsp: "/admin" },
  ];
  it.each(examples)("%j: same bytes as the official encoder, and decodes back", (p) => {
    const ours = ourBytes(p);
    expect(ours.equals(officialBytes(p))).toBe(true);
    expect(decode(ours)).toEqual(p);
    expect(officialDecode(ours)).toEqual(p);
  });
});
