import { describe, expect, it } from "vitest";
import {
  checkPlaceholders,
  fillPlaceholders,
  inspectData,
  isForbiddenKey,
  mayHoldForbiddenKey,
  type PlaceholderSlot,
} from "../src/inspect.js";

describe("inspect (decode side walk)", () => {
  it("isForbiddenKey: __proto__ always, constructor/prototype only with object values", () => {
    expect(isForbiddenKey("__proto__", 1)).toBe(true);
    expect(isForbiddenKey("constructor", {})).toBe(true);
    expect(isForbiddenKey("prototype", [])).toBe(true);
    expect(isForbiddenKey("constructor", "Ferrari")).toBe(false);
    expect(isForbiddenKey("prototype", null)).toBe(false);
    expect(isForbiddenKey("proto", {})).toBe(false);
  });

  it("mayHoldForbiddenKey flags the names and any \\u escape, and nothing else", () => {
    expect(mayHoldForbiddenKey('{"__proto__":1}')).toBe(true);
    expect(mayHoldForbiddenKey('{"constructor":1}')).toBe(true);
    expect(mayHoldForbiddenKey('{"prototype":1}')).toBe(true);
    expect(mayHoldForbiddenKey('{"\\u0061":1}')).toBe(true);
    expect(mayHoldForbiddenKey('["chat",{"user":"ann"}]')).toBe(false);
  });

  it("walks deep data without recursion and removes forbidden keys at any depth", () => {
    let deep: Record<string, unknown> = JSON.parse('{"__proto__":{"p":1},"keep":1}') as Record<string, unknown>;
    const root = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: Record<string, unknown> = {};
      deep.next = next;
      deep = next;
    }
    // biome-ignore lint/complexity/useLiteralKeys: an own "constructor" key, which the dotted form would type as Object's
    (deep as Record<string, unknown>)["constructor"] = { prototype: {} };
    inspectData(root, Number.POSITIVE_INFINITY);
    expect(Object.hasOwn(root, "__proto__")).toBe(false);
    expect(Object.hasOwn(deep, "constructor")).toBe(false);
    expect(root.keep).toBe(1);
  });

  it("records placeholder slots without descending into them, and fills them", () => {
    const data = ["a", { x: { _placeholder: true, num: 1 } }, [{ _placeholder: true, num: 0 }]];
    const slots: PlaceholderSlot[] = [];
    inspectData(data, 32, slots);
    expect(slots).toHaveLength(2);
    checkPlaceholders(slots, 2, true);
    expect(() => checkPlaceholders(slots, 3, true)).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_PLACEHOLDER" }),
    );
    expect(() => checkPlaceholders(slots, 3, false)).not.toThrow();
    fillPlaceholders(slots, ["zero", "one"]);
    expect(data).toEqual(["a", { x: "one" }, ["zero"]]);
  });

  it("rejects containers deeper than maxDepth (the root is depth 1)", () => {
    expect(() => inspectData([[1]], 2, [])).not.toThrow();
    expect(() => inspectData([[[1]]], 2, [])).toThrow(expect.objectContaining({ code: "ERR_PARSER_MAX_DEPTH" }));
  });
});
