// Issue #12: packets whose arguments nest thousands of levels deep, as an EVENT and as an ACK.
// Each is a decode error with its code, thrown by add() like any other decode error (the server
// then closes the connection), never a RangeError; the decoder keeps working afterwards.
import fc from "fast-check";
import notepack from "notepack.io";
import { describe, expect, it } from "vitest";
import { Decoder, PacketType, ParserError } from "../src/index.js";
import { decode, expectRejected, hex } from "./helpers.js";

const DEPTHS = [5_000, 100_000];
const HEAD = { type: "83 a4 74797065", nsp: "a3 6e7370 a1 2f", data: "a4 64617461" };
/** An event ["e", <arrays nested depth levels>]. */
const deepEvent = (depth: number) =>
  hex(`${HEAD.type} 02 ${HEAD.nsp} ${HEAD.data} 92 a1 65 ${"91".repeat(depth - 1)} 90`);
/** An ack (id 1) [<maps nested depth levels>]. */
const deepAck = (depth: number) =>
  hex(`84 a4 74797065 03 ${HEAD.nsp} a2 6964 01 ${HEAD.data} 91 ${"81 a1 6b".repeat(depth - 1)} 80`);

describe.each(DEPTHS)("a msgpack packet nesting %i levels", (depth) => {
  it("as an EVENT: ERR_PARSER_MAX_DEPTH", () => expectRejected(deepEvent(depth), "ERR_PARSER_MAX_DEPTH"));
  it("as an ACK: ERR_PARSER_MAX_DEPTH", () => expectRejected(deepAck(depth), "ERR_PARSER_MAX_DEPTH"));

  it("in an EVENT with binary data: ERR_PARSER_MAX_DEPTH", () => {
    const wire = notepack.encode({ type: 2, nsp: "/", data: ["e", Buffer.alloc(2000, 1), null] }) as Buffer;
    const deep = Buffer.concat([wire.subarray(0, -1), hex("91".repeat(depth) + "90")]);
    expectRejected(deep, "ERR_PARSER_MAX_DEPTH");
  });

  it("leaves the decoder usable for the next packet", () => {
    const decoder = new Decoder();
    const packets: unknown[] = [];
    decoder.on("decoded", (packet) => packets.push(packet));
    expect(() => decoder.add(deepEvent(depth))).toThrow(ParserError);
    decoder.add(notepack.encode({ type: 2, nsp: "/", data: ["ok"] }));
    expect(packets).toEqual([{ type: PacketType.EVENT, nsp: "/", data: ["ok"] }]);
  });
});

describe("no stack overflow on the way", () => {
  it.each([1_000, 2_000, 5_000, 100_000])(
    "a %i-level EVENT is refused by a bound, not by a caught overflow",
    (depth) => {
      let caught: unknown;
      try {
        new Decoder().add(deepEvent(depth));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ParserError);
      expect((caught as ParserError).code).toBe("ERR_PARSER_MAX_DEPTH");
      // the overflow backstop keeps the RangeError as the cause; a bound has none
      expect((caught as ParserError).cause).toBeUndefined();
    },
  );
});

describe("maxDepth in long packets (where the pre-scan runs)", () => {
  it("accepts data exactly maxDepth deep next to a large binary, refuses one more level", () => {
    let nested: unknown = [];
    for (let i = 2; i < 32; i++) nested = [nested];
    const blob = Buffer.alloc(5000, 7);
    expect(decode(notepack.encode({ type: 2, nsp: "/", data: ["e", blob, nested] })).data[2]).toEqual(nested);
    expectRejected(notepack.encode({ type: 2, nsp: "/", data: ["e", blob, [nested]] }), "ERR_PARSER_MAX_DEPTH");
  });
});

describe("random nesting (property)", () => {
  /** msgpack hex of a value nested `depth` levels (arrays and maps mixed), with a small or a 3 KiB bin at the bottom. */
  const nestedValue = fc
    .tuple(fc.integer({ min: 1, max: 3_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), fc.boolean())
    .map(([depth, shapes, bigBin]) => {
      const prefix = Array.from({ length: depth }, (_, i) => (shapes[i % shapes.length] ? "91" : "81 a1 6b")).join(" ");
      const bottom = bigBin ? `c5 0c00 ${"07".repeat(3072)}` : "c4 01 07";
      return { depth, hexValue: `${prefix} ${bottom}` };
    });

  it("an EVENT or ACK nesting any depth either decodes (within maxDepth) or is ERR_PARSER_MAX_DEPTH, nothing else", () => {
    fc.assert(
      fc.property(nestedValue, fc.boolean(), ({ depth, hexValue }, asAck) => {
        const wire = asAck
          ? hex(`84 a4 74797065 03 ${HEAD.nsp} a2 6964 01 ${HEAD.data} 91 ${hexValue}`)
          : hex(`${HEAD.type} 02 ${HEAD.nsp} ${HEAD.data} 92 a1 65 ${hexValue}`);
        // the data array is depth 1 and the value sits inside it
        if (depth + 1 <= 32) expect(decode(wire).type).toBe(asAck ? PacketType.ACK : PacketType.EVENT);
        else expectRejected(wire, "ERR_PARSER_MAX_DEPTH");
      }),
      { numRuns: 200 },
    );
  });
});
