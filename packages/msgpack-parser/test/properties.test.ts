// Property-based: arbitrary bytes never escape as anything but a ParserError nor yield an
// invalid packet; encode -> decode is the identity.
import fc from "fast-check";
import notepack from "notepack.io";
import { isPacketValid } from "@socketry/parser";
import { describe, expect, it } from "vitest";
import { Decoder, Encoder, ParserError, type Packet } from "../src/index.js";
import { packet } from "./arbitraries.js";

function feed(bytes: Uint8Array): Packet[] {
  const decoder = new Decoder();
  const packets: Packet[] = [];
  decoder.on("decoded", (p) => packets.push(p));
  try {
    decoder.add(bytes);
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
  }
  return packets;
}

describe("msgpack decoder properties", () => {
  it("arbitrary bytes only ever raise ParserError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const p of feed(bytes)) expect(isPacketValid(p)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("arbitrary msgpack maps (any value, any key) only ever raise ParserError or yield valid packets", () => {
    const anyField = fc.oneof(fc.anything(), fc.integer({ min: -1, max: 7 }), fc.constantFrom("/", "/a", ["x"], []));
    const fields = fc.dictionary(fc.constantFrom("type", "nsp", "data", "id", "options", "other"), anyField, {
      maxKeys: 5,
    });
    fc.assert(
      fc.property(fields, (map) => {
        let bytes: Buffer;
        try {
          bytes = notepack.encode(map);
        } catch {
          return; // notepack cannot encode every JS value (e.g. symbols)
        }
        for (const p of feed(bytes)) expect(isPacketValid(p)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("corrupted encodings of valid packets only ever raise ParserError", () => {
    const encoder = new Encoder();
    fc.assert(
      fc.property(packet(), fc.nat(), fc.integer({ min: 0, max: 255 }), (p, at, byte) => {
        const bytes = Buffer.from(encoder.encode(p)[0] as Buffer);
        bytes[at % bytes.length] = byte;
        for (const emitted of feed(bytes)) expect(isPacketValid(emitted)).toBe(true);
        for (const emitted of feed(bytes.subarray(0, at % bytes.length))) expect(isPacketValid(emitted)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("encode -> decode is the identity for valid packets", () => {
    const encoder = new Encoder();
    fc.assert(
      fc.property(packet({ wideIntegers: true }), (p) => {
        expect(feed(encoder.encode(p)[0] as Buffer)).toEqual([p]);
      }),
      { numRuns: 500 },
    );
  });
});
