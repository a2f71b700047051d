// socketry <-> socket.io-parser 4.2.7 on generated packets: each side decodes the other's
// encoding to the same packet, binary attachments included.
import fc from "fast-check";
import * as official from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { Encoder, type Packet } from "../src/index.js";
import { packet } from "./arbitraries.js";
import { decodeAll } from "./helpers.js";

const NUM_RUNS = 300;

function officialDecode(chunks: unknown[]): unknown[] {
  const decoder = new official.Decoder();
  const packets: unknown[] = [];
  decoder.on("decoded", (decoded: unknown) => packets.push(decoded));
  for (const chunk of chunks) decoder.add(chunk);
  return packets;
}

/** The packet as a JSON round trip leaves it (undefined args become null, undefined keys vanish). */
function asDecoded(p: Packet): Packet {
  const out: Packet = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined) out.id = p.id;
  if (p.data !== undefined) out.data = p.data;
  return out;
}

describe("cross-check with socket.io-parser", () => {
  for (const binary of [false, true]) {
    const label = binary ? "with binary attachments" : "JSON only";

    it(`official decodes socketry's encoding (${label})`, () => {
      const encoder = new Encoder();
      fc.assert(
        fc.property(packet({ binary }), (p) => {
          expect(officialDecode(encoder.encode(p))).toEqual([asDecoded(p)]);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`socketry decodes the official encoding (${label})`, () => {
      const encoder = new official.Encoder();
      fc.assert(
        fc.property(packet({ binary }), (p) => {
          expect(decodeAll(encoder.encode(p))).toEqual([asDecoded(p)]);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`both encoders write the same chunks (${label})`, () => {
      const ours = new Encoder();
      const theirs = new official.Encoder();
      fc.assert(
        fc.property(packet({ binary }), (p) => {
          expect(ours.encode(p)).toEqual(theirs.encode(p));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
