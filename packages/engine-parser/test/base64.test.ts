import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { base64DecodedLength, decodeBase64 } from "../src/base64.js";
import { RUNS, anyString, bytes } from "./arbitraries.js";

describe("base64", () => {
  test("decoded length of padded and unpadded bodies", () => {
    expect(base64DecodedLength("", 0)).toBe(0);
    expect(base64DecodedLength("AQIDBA==", 0)).toBe(4);
    expect(base64DecodedLength("AQIDBA", 0)).toBe(4);
    expect(base64DecodedLength("AQID", 0)).toBe(3);
    expect(base64DecodedLength("AQIDBAU=", 0)).toBe(5);
    expect(base64DecodedLength("AQIDBAU", 0)).toBe(5);
    expect(base64DecodedLength("bAQID", 1)).toBe(3);
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
    expect(base64DecodedLength(body, 0)).toBe(-1);
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
    expect(base64DecodedLength(text, 2, 6)).toBe(3);
    expect(decodeBase64(text, 2, 6, undefined)).toEqual(Buffer.from([1, 2, 3]));
  });

  test("round-trips any bytes, padded or not", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const padded = data.toString("base64");
        const unpadded = padded.replace(/=+$/, "");
        expect(decodeBase64(padded, 0, padded.length, undefined)).toEqual(data);
        expect(decodeBase64(unpadded, 0, unpadded.length, undefined)).toEqual(data);
        expect(base64DecodedLength(padded, 0)).toBe(data.length);
      }),
      RUNS,
    );
  });

  test("whatever it accepts, Node decodes to the same bytes; the length agrees with the decoder", () => {
    const base64ish = fc.string({ unit: fc.constantFrom(..."AQIDBAzZ09+/=-_ !".split("")), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(anyString, base64ish), (text) => {
        const length = base64DecodedLength(text, 0);
        const decoded = decodeBase64(text, 0, text.length, undefined);
        expect(decoded === undefined).toBe(length < 0);
        if (decoded !== undefined) {
          expect((decoded as Buffer).length).toBe(length);
          expect(decoded).toEqual(Buffer.from(text, "base64"));
        }
      }),
      RUNS,
    );
  });
});
