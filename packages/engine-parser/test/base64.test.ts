import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeBase64 } from "../src/base64.js";
import { RUNS, anyString, bytes } from "./arbitraries.js";

describe("base64", () => {
  test("padded and unpadded bodies decode to the same bytes", () => {
    const lengthOf = (text: string, start = 0) => (decodeBase64(text, start, text.length, undefined) as Buffer).length;
    expect(lengthOf("")).toBe(0);
    expect(lengthOf("AQIDBA==")).toBe(4);
    expect(lengthOf("AQIDBA")).toBe(4);
    expect(lengthOf("AQID")).toBe(3);
    expect(lengthOf("AQIDBAU=")).toBe(5);
    expect(lengthOf("AQIDBAU")).toBe(5);
    expect(lengthOf("bAQID", 1)).toBe(3);
  });

  test.each([
    ["a lone 6-bit group", "AQIDB"],
    ["padding that breaks the 4-char blocks", "AQ="],
    ["padding in the middle", "AQ==AQ=="],
    ["three padding characters", "A==="],
    ["a character outside the alphabet", "AQ!D"],
    ["the URL-safe alphabet", "-_-_"],
    ["whitespace", "AQ ID"],
    ["a non-ASCII character", "AQI\u00e9"],
  ])("rejects %s", (_name, body) => {
    expect(decodeBase64(body, 0, body.length, undefined)).toBeUndefined();
  });

  test("decodes to a Buffer, or to an exact ArrayBuffer", () => {
    expect(decodeBase64("bAQIDBA==", 1, "bAQIDBA==".length, "nodebuffer")).toEqual(Buffer.from([1, 2, 3, 4]));
    const arrayBuffer = decodeBase64("bAQIDBA==", 1, "bAQIDBA==".length, "arraybuffer");
    expect(arrayBuffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(arrayBuffer as ArrayBuffer)]).toEqual([1, 2, 3, 4]);
    expect((decodeBase64("", 0, "".length, "arraybuffer") as ArrayBuffer).byteLength).toBe(0);
  });

  test("long bodies (decoded natively after validation) behave the same", () => {
    const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));
    const text = data.toString("base64");
    expect(decodeBase64(text, 0, text.length, undefined)).toEqual(data);
    expect([...new Uint8Array(decodeBase64(text, 0, text.length, "arraybuffer") as ArrayBuffer)]).toEqual([...data]);
    const unpadded = text.replace(/=+$/, "");
    expect(decodeBase64(unpadded, 0, unpadded.length, undefined)).toEqual(data);
    const bang = text.slice(0, 2000) + "!" + text.slice(2001);
    expect(decodeBase64(bang, 0, bang.length, undefined)).toBeUndefined();
    const urlSafe = text.slice(0, 2000) + "-" + text.slice(2001);
    expect(decodeBase64(urlSafe, 0, urlSafe.length, "arraybuffer")).toBeUndefined();
  });

  test("decodes only the given range", () => {
    const text = "xbAQID\x1e4next";
    expect(decodeBase64(text, 2, 6, undefined)).toEqual(Buffer.from([1, 2, 3]));
  });

  test("round-trips any bytes, padded or not", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const padded = data.toString("base64");
        const unpadded = padded.replace(/=+$/, "");
        expect(decodeBase64(padded, 0, padded.length, undefined)).toEqual(data);
        expect(decodeBase64(unpadded, 0, unpadded.length, undefined)).toEqual(data);
      }),
      RUNS,
    );
  });

  test("it accepts exactly the standard alphabet in whole blocks (padding optional), as Node decodes it", () => {
    // An independent oracle: 4-character blocks, then an optional 2- or 3-character tail, padded or not.
    const strictBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
    const base64ish = fc.string({ unit: fc.constantFrom(..."AQIDBAzZ09+/=-_ !".split("")), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(anyString, base64ish), (text) => {
        const decoded = decodeBase64(text, 0, text.length, undefined);
        expect(decoded !== undefined).toBe(strictBase64.test(text));
        if (decoded !== undefined) expect(decoded).toEqual(Buffer.from(text, "base64"));
      }),
      RUNS,
    );
  });
});
