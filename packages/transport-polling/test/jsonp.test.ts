import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { jsonpIndex, unwrapJsonpBody, wrapJsonp } from "../src/jsonp.js";

/** What an engine.io v3 JSONP client does to a payload before putting it in the form's `d` field. */
function clientEscape(payload: string): string {
  return payload.replace(/\\n/g, "\\\n").replace(/\n/g, "\\n");
}

describe("jsonp", () => {
  test("the callback index keeps digits only", () => {
    expect(jsonpIndex(new URLSearchParams("j=12"))).toBe("12");
    expect(jsonpIndex(new URLSearchParams("j=0);alert(1)//"))).toBe("01");
    expect(jsonpIndex(new URLSearchParams(""))).toBeNull();
    // Repeated, the last one counts, as engine.io reads req._query (and as the engine routes).
    expect(jsonpIndex(new URLSearchParams("j=1&j=2"))).toBe("2");
  });

  test("the response is a script call; U+2028/2029 are escaped", () => {
    const script = wrapJsonp("3", 'a"b\u2028c\u2029');
    expect(script).toBe('___eio[3]("a\\"b\\u2028c\\u2029");');
  });

  test("form bodies round-trip the client's newline escaping", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\\", "n", "\n", "é", "\u2028") }), (payload) => {
        // a backslash right before a real newline is ambiguous on the wire (the protocol's own limit)
        fc.pre(!payload.includes("\\\n"));
        const form = new URLSearchParams({ d: clientEscape(payload) }).toString();
        expect(unwrapJsonpBody(form)).toBe(payload);
      }),
      { numRuns: 500 },
    );
  });

  test("a form without d is refused", () => {
    expect(unwrapJsonpBody("x=1")).toBeNull();
  });
});
