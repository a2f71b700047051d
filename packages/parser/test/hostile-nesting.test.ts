// Issue #12: packets whose arguments nest thousands of levels deep. Every one is a decode error
// with its code, thrown by add() like any other decode error (the server then closes the
// connection), and the encoder refuses such data with a coded error instead of a stack overflow.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decoder, Encoder, MAX_ENCODE_DEPTH, PacketType, ParserError } from "../src/index.js";
import { decodeAll, expectRejected } from "./helpers.js";

const DEPTHS = [5_000, 100_000];
const nestedArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
const PLACEHOLDER = '{"_placeholder":true,"num":0}';

describe.each(DEPTHS)("a packet nesting %i levels", (depth) => {
  it("as an EVENT: ERR_PARSER_MAX_DEPTH", () => {
    expectRejected([`2["e",${nestedArrays(depth)}]`], "ERR_PARSER_MAX_DEPTH");
    expectRejected([`2/chat,7["e",${nestedObjects(depth)}]`], "ERR_PARSER_MAX_DEPTH");
  });

  it("as an ACK: ERR_PARSER_MAX_DEPTH", () => {
    expectRejected([`31[${nestedArrays(depth)}]`], "ERR_PARSER_MAX_DEPTH");
  });

  it("as a CONNECT payload: ERR_PARSER_MAX_DEPTH", () => {
    expectRejected([`0{"auth":${nestedObjects(depth)}}`], "ERR_PARSER_MAX_DEPTH");
  });

  it("as a binary EVENT and a binary ACK with attachments: ERR_PARSER_MAX_DEPTH, before any attachment", () => {
    expectRejected([`51-["e",${nestedArrays(depth)},${PLACEHOLDER}]`, Buffer.from([1])], "ERR_PARSER_MAX_DEPTH");
    expectRejected([`61-1[${nestedArrays(depth)},${PLACEHOLDER}]`, Buffer.from([1])], "ERR_PARSER_MAX_DEPTH");
    // the placeholder itself buried deep
    const buried = "[".repeat(depth) + PLACEHOLDER + "]".repeat(depth);
    expectRejected([`51-["e",${buried}]`, Buffer.from([1])], "ERR_PARSER_MAX_DEPTH");
  });

  it("with a reviver (whose walk recurses in JSON.parse): ERR_PARSER_MAX_DEPTH", () => {
    const reviver = (_key: string, value: unknown) => value;
    expectRejected([`2["e",${nestedArrays(depth)}]`], "ERR_PARSER_MAX_DEPTH", { reviver });
  });

  it("leaves the decoder usable for the next packet", () => {
    const decoder = new Decoder();
    const packets: unknown[] = [];
    decoder.on("decoded", (packet) => packets.push(packet));
    expect(() => decoder.add(`2["e",${nestedArrays(depth)}]`)).toThrow(ParserError);
    decoder.add('2["ok"]');
    expect(packets).toEqual([{ type: PacketType.EVENT, nsp: "/", data: ["ok"] }]);
  });
});

describe("maxDepth bounds every payload", () => {
  it("accepts data exactly maxDepth deep (the data array is depth 1), refuses one more level", () => {
    const atLimit = (depth: number) => `2["e",${nestedArrays(depth - 1)}]`;
    expect(decodeAll([atLimit(32)])).toHaveLength(1);
    expectRejected([atLimit(33)], "ERR_PARSER_MAX_DEPTH");
    expect(decodeAll([atLimit(3)], { maxDepth: 3 })).toHaveLength(1);
    expectRejected([atLimit(4)], "ERR_PARSER_MAX_DEPTH", { maxDepth: 3 });
  });

  it("brackets inside strings do not count", () => {
    const text = JSON.stringify(["e", "[".repeat(500), { s: "{".repeat(500) }]);
    expect(decodeAll([`2${text}`])).toHaveLength(1);
    expect(decodeAll([`2${text}`], { reviver: (_k, v) => v })).toHaveLength(1);
  });
});

describe("Encoder: deep data", () => {
  const deepArray = (depth: number) => {
    let value: unknown = [];
    for (let i = 1; i < depth; i++) value = [value];
    return value;
  };

  it.each(DEPTHS)("refuses data %i levels deep with ERR_PARSER_MAX_DEPTH, not a RangeError", (depth) => {
    const encoder = new Encoder();
    expect(() => encoder.encode({ type: PacketType.EVENT, nsp: "/", data: ["e", deepArray(depth)] })).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_MAX_DEPTH" }),
    );
    expect(() =>
      encoder.encode({ type: PacketType.ACK, nsp: "/", id: 1, data: [deepArray(depth), Buffer.from([1])] }),
    ).toThrow(ParserError);
  });

  it("refuses a cycle with ERR_PARSER_MAX_DEPTH", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["e", cyclic] })).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_MAX_DEPTH" }),
    );
  });

  it(`encodes data ${MAX_ENCODE_DEPTH} levels deep`, () => {
    const [text] = new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: deepArray(MAX_ENCODE_DEPTH - 1) });
    expect(text).toBe(`2${nestedArrays(MAX_ENCODE_DEPTH - 1)}`);
  });
});

describe("random nesting (property)", () => {
  /** A JSON value nested `depth` levels: a random mix of arrays and objects, placeholder or not at the bottom. */
  const nestedValue = fc
    .tuple(fc.integer({ min: 1, max: 3_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), fc.boolean())
    .map(([depth, shapes, binary]) => {
      let text = binary ? PLACEHOLDER : "1";
      for (let i = 0; i < depth; i++) text = shapes[i % shapes.length] ? `[${text}]` : `{"k":${text}}`;
      return { depth, text, binary };
    });

  it("an EVENT or ACK nesting any depth either decodes (within maxDepth) or is ERR_PARSER_MAX_DEPTH, nothing else", () => {
    fc.assert(
      fc.property(nestedValue, fc.boolean(), ({ depth, text, binary }, asAck) => {
        const header = binary
          ? asAck
            ? `61-5[${text}]`
            : `51-["e",${text}]`
          : asAck
            ? `35[${text}]`
            : `2["e",${text}]`;
        const chunks = binary ? [header, Buffer.from([1])] : [header];
        // the data array is depth 1 and the value sits inside it
        if (depth + 1 <= 32) expect(decodeAll(chunks)).toHaveLength(1);
        else expectRejected(chunks, "ERR_PARSER_MAX_DEPTH");
      }),
      { numRuns: 200 },
    );
  });
});
