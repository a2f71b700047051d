// The header-only nesting scan the msgpack decoder runs before msgpackr on long input.
import fc from "fast-check";
import notepack from "notepack.io";
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../src/nesting.js";
import { value } from "./arbitraries.js";
import { hex } from "./helpers.js";

/** Nesting level of the deepest container (a scalar is 0, [] is 1). */
function levels(input: unknown): number {
  if (Buffer.isBuffer(input) || typeof input !== "object" || input === null) return 0;
  const children = Array.isArray(input) ? input : Object.values(input);
  return 1 + Math.max(0, ...children.map(levels));
}

describe("nestsDeeperThan", () => {
  it("agrees with the decoded value's depth for any msgpack value", () => {
    fc.assert(
      fc.property(value({ wideIntegers: true }), fc.integer({ min: 0, max: 8 }), (input, limit) => {
        const bytes = notepack.encode(input) as Buffer;
        expect(nestsDeeperThan(bytes, limit)).toBe(levels(input) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it("skips str, bin and ext bodies of every width without reading them as headers", () => {
    const bodies = [
      "d9 03 919191",
      "da 0003 919191",
      "db 00000003 919191",
      "c4 03 919191",
      "c5 0003 919191",
      "c6 00000003 919191",
      "c7 03 01 919191",
      "c8 0003 01 919191",
      "c9 00000003 01 919191",
      "d6 01 91919191",
    ];
    for (const body of bodies) expect(nestsDeeperThan(hex(`91 ${body}`), 1)).toBe(false);
  });

  it("counts array16/32 and map16/32 as containers, empty ones included", () => {
    expect(nestsDeeperThan(hex("dc 0001 dd 00000001 de 0000"), 2)).toBe(true);
    expect(nestsDeeperThan(hex("dc 0001 dd 00000001 de 0000"), 3)).toBe(false);
    expect(nestsDeeperThan(hex("df 00000001 a1 6b 90"), 1)).toBe(true);
  });

  it("stops at truncated input (msgpackr reports it) and is linear in the input, whatever the announced counts", () => {
    expect(nestsDeeperThan(hex("dd ffffffff 91"), 5)).toBe(false);
    expect(nestsDeeperThan(hex("91 db ffff"), 5)).toBe(false);
    expect(nestsDeeperThan(Buffer.alloc(0), 0)).toBe(false);
    expect(nestsDeeperThan(hex("dd ffffffff" + "90".repeat(100_000)), 5)).toBe(false);
  });
});
