import { describe, expect, test } from "vitest";
import { DIGIT_CHARS, TYPE_BY_DIGIT, digitOfType, typeFromByte, typeFromCharCode } from "../src/packet-types.js";
import { WIRE_TYPES } from "./arbitraries.js";

describe("packet type tables", () => {
  test("digits follow the protocol table (open 0 ... noop 6)", () => {
    expect(TYPE_BY_DIGIT).toEqual(WIRE_TYPES);
    WIRE_TYPES.forEach((type, digit) => {
      expect(digitOfType(type)).toBe(digit);
      expect(DIGIT_CHARS[digit]).toBe(String(digit));
      expect(typeFromCharCode(48 + digit)).toBe(type);
      expect(typeFromByte(digit)).toBe(type);
    });
  });

  test("error and junk have no digit", () => {
    for (const junk of ["error", "", "toString", "__proto__", undefined, null, 4]) expect(digitOfType(junk)).toBe(-1);
  });

  test("only '0'..'6' and bytes 0..6 map to a type; NaN (empty string) does not", () => {
    expect(typeFromCharCode("7".charCodeAt(0))).toBeUndefined();
    expect(typeFromCharCode("/".charCodeAt(0))).toBeUndefined();
    expect(typeFromCharCode("".charCodeAt(0))).toBeUndefined();
    expect(typeFromByte(7)).toBeUndefined();
    expect(typeFromByte(255)).toBeUndefined();
    expect(typeFromByte(undefined)).toBeUndefined();
  });
});
