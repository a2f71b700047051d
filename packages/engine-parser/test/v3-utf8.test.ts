import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EngineParserError } from "@socketry/engine-parser";
import { decodeUtf8, encodeUtf8 } from "../src/v3/utf8.js";
import { RUNS, bytes } from "./arbitraries.js";

const decodeAll = (data: Buffer) => decodeUtf8(data, 0, data.length);

describe("v3 UTF-8", () => {
  test("well-formed text round-trips, including U+FFFD itself", () => {
    for (const text of ["", "hello", "€", "\u{1f600}", "a\ufffdb"]) expect(decodeAll(encodeUtf8(text))).toBe(text);
  });

  test("a lone surrogate is written as U+FFFD", () => {
    expect([...encodeUtf8("a\ud800")]).toEqual([0x61, 0xef, 0xbf, 0xbd]);
  });

  test("an encoded surrogate reads as one U+FFFD (as v3 peers read it)", () => {
    expect(decodeAll(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]))).toBe("a\ufffdb");
  });

  test.each([
    ["a stray continuation byte", [0x80]],
    ["a truncated 2-byte sequence", [0xc3]],
    ["an overlong 2-byte sequence", [0xc0, 0x80]],
    ["an overlong 3-byte sequence", [0xe0, 0x80, 0x80]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a 5-byte lead", [0xf8, 0x80, 0x80, 0x80, 0x80]],
    ["a bad continuation", [0xe2, 0x28, 0xa1]],
  ])("rejects %s", (_name, input) => {
    expect(() => decodeAll(Buffer.from(input))).toThrow(EngineParserError);
  });

  test("decodes a sub-range only", () => {
    expect(decodeUtf8(Buffer.from("xx€yy"), 2, 5)).toBe("€");
  });

  test("any bytes either decode to what Node reads or are rejected with a coded error", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        try {
          const text = decodeAll(data);
          if (!text.includes("\ufffd")) expect(text).toBe(data.toString("utf8"));
        } catch (error) {
          expect(error).toBeInstanceOf(EngineParserError);
          expect((error as EngineParserError).code).toBe("ERR_ENGINE_PARSER_INVALID_UTF8");
        }
      }),
      RUNS,
    );
  });
});
