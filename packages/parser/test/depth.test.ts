// nestsDeeperThan: the depth bound for payloads no other walk visits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../src/depth.js";

/** Nesting level of the deepest container (the root container is 1). */
function levels(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(levels));
}

describe("nestsDeeperThan", () => {
  it("agrees with the depth of any JSON value, for small limits and for limits walked iteratively", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 10 }), (json, limit) => {
        if (typeof json !== "object" || json === null) return;
        expect(nestsDeeperThan(json, limit)).toBe(levels(json) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it("walks at most the limit deep, whatever the data's depth, with any limit", () => {
    let deep: unknown = [];
    for (let i = 1; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    expect(nestsDeeperThan(deep as object, 32)).toBe(true);
    expect(nestsDeeperThan(deep as object, 5_000)).toBe(true);
    expect(nestsDeeperThan(deep as object, 100_000)).toBe(false);
    expect(nestsDeeperThan(deep as object, 99_999)).toBe(true);
  });
});
