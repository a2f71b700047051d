// Property-based: hostile input never escapes as anything but a ParserError and never yields an
// invalid packet; encode -> decode is the identity on valid packets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decoder, Encoder, isPacketValid, ParserError, type Packet } from "../src/index.js";
import { countBinaries, packet } from "./arbitraries.js";

/** Feeds chunks; returns the emitted packets, rethrowing anything that is not a ParserError. */
function feed(chunks: ReadonlyArray<string | Buffer>): Packet[] {
  const decoder = new Decoder();
  const packets: Packet[] = [];
  decoder.on("decoded", (p) => packets.push(p));
  for (const chunk of chunks) {
    try {
      decoder.add(chunk);
    } catch (error) {
      if (!(error instanceof ParserError)) throw error;
    }
  }
  return packets;
}

// Strings that look like packets: a type digit, maybe a count, a namespace, an id, JSON-ish text.
const packetLike = fc
  .tuple(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", ""),
    fc.option(fc.stringMatching(/^[0-9]{0,3}-?$/), { nil: "" }),
    fc.option(fc.stringMatching(/^\/[a-z,]{0,5},?$/), { nil: "" }),
    fc.option(fc.stringMatching(/^[0-9]{0,20}$/), { nil: "" }),
    fc.oneof(fc.json(), fc.string(), fc.constant('[{"_placeholder":true,"num":0}]')),
  )
  .map((parts) => parts.join(""));

describe("decoder properties", () => {
  it("arbitrary strings and bytes only ever raise ParserError, and every emitted packet is valid", () => {
    const chunk = fc.oneof(
      packetLike,
      fc.string({ unit: "binary" }),
      fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
    );
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 6 }), (chunks) => {
        for (const p of feed(chunks)) {
          expect(isPacketValid(p)).toBe(true);
          expect(p.attachments).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("mutated encodings of valid packets only ever raise ParserError", () => {
    const encoder = new Encoder();
    fc.assert(
      fc.property(packet({ binary: true }), fc.nat(), fc.string({ maxLength: 3 }), (p, at, insert) => {
        const [head, ...rest] = encoder.encode(p);
        const text = head as string;
        const cut = at % (text.length + 1);
        for (const emitted of feed([text.slice(0, cut) + insert + text.slice(cut), ...(rest as Buffer[])])) {
          expect(isPacketValid(emitted)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("encode -> decode is the identity for valid packets (binary included)", () => {
    const encoder = new Encoder();
    fc.assert(
      fc.property(packet({ binary: true }), (p) => {
        const chunks = encoder.encode(p);
        expect(chunks.length - 1).toBe(countBinaries(p.data));
        const decoded = feed(chunks as Array<string | Buffer>);
        const expected: Packet = { type: p.type, nsp: p.nsp };
        if (p.id !== undefined) expected.id = p.id;
        if (p.data !== undefined) expected.data = p.data;
        expect(decoded).toEqual([expected]);
      }),
      { numRuns: 500 },
    );
  });
});
