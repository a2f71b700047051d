// The engine's query parser against URLSearchParams: same keys, same decoded values, the last of
// repeated keys winning (Object.fromEntries, as engine.io builds req._query), on arbitrary input.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parsePlainQuery, queryStringOf } from "../src/query.js";

// The constructor drops one leading "?" of its argument (a URL's query keeps it, as engine.io reads
// it): a leading "&", an empty pair the parser skips, keeps that "?" a part of the first key.
const reference = (query: string) => Object.fromEntries(new URLSearchParams(`&${query}`));

describe("query parsing", () => {
  test.each([
    ["EIO=4&transport=polling&sid=AbC-_", { EIO: "4", transport: "polling", sid: "AbC-_" }],
    ["", {}],
    ["&&a=1&&", { a: "1" }],
    ["a=1&a=2", { a: "2" }],
    ["a&b=", { a: "", b: "" }],
    ["=", { "": "" }],
    ["a=b=c", { a: "b=c" }],
    ["x=%C3%A9+%2B+%zz+%E0%A4%A", { x: "é + %zz �%A" }],
    ["k%20ey=v", { "k ey": "v" }],
    ["?a=1", { "?a": "1" }],
  ])("%j", (query, expected) => {
    expect(parsePlainQuery(query)).toEqual(expected);
    expect(parsePlainQuery(query)).toEqual(reference(query));
  });

  test("__proto__ is an own key, not a prototype change", () => {
    const parsed = parsePlainQuery("__proto__=x&a=1");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toBe("x");
    expect(parsed.a).toBe("1");
  });

  test('a long run of pairs without "=" before one with it parses like URLSearchParams', () => {
    const query = `${"a&".repeat(50_000)}b=1&c`;
    expect(parsePlainQuery(query)).toEqual(reference(query));
  });

  test("the query string is what follows the first ?, up to a #", () => {
    expect(queryStringOf("/engine.io/?a=1?b=2")).toBe("a=1?b=2");
    expect(queryStringOf("/engine.io/?a=1#b=2")).toBe("a=1");
    expect(queryStringOf("/engine.io/")).toBe("");
    expect(queryStringOf(undefined)).toBe("");
  });

  test("agrees with URLSearchParams on arbitrary queries (latin1, as req.url is)", () => {
    const unit = fc.oneof(
      fc.constantFrom("&", "=", "+", "%", "%2", "%41", "%C3%A9", "%E0%A4", "%FF", "a", "sid", "EIO"),
      fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
    );
    const query = fc.array(unit, { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(query, (text) => {
        expect(parsePlainQuery(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
