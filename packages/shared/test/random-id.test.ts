import { describe, expect, it } from "vitest";
import { randomId } from "../src/index.js";

describe("randomId", () => {
  it("gives 20 base64url characters (120 bits), never the same twice across many pool refills", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 64 * 50 + 7; i++) {
      const id = randomId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(64 * 50 + 7);
  });

  it("spreads its characters over the whole alphabet (not a counter or a constant tail)", () => {
    const seenAt = Array.from({ length: 20 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) [...randomId()].forEach((char, at) => seenAt[at]!.add(char));
    for (const chars of seenAt) expect(chars.size).toBeGreaterThan(50);
  });
});
