// The shared msgpackr Packr, configured as TOOLCHAIN.md says, writes notepack.io's forms: compared
// byte for byte with notepack.io 3.0.1 on every size boundary of every type, with the documented
// exceptions (integers beyond 32 bits, integral floats beyond the int64 range).
import fc from "fast-check";
import notepack from "notepack.io";
import { describe, expect, it } from "vitest";
import { packr, unpackr } from "../src/codec.js";

const write = (value: unknown) => packr.pack(value);
function sameAsNotepack(value: unknown): void {
  expect(write(value).toString("hex")).toBe(notepack.encode(value).toString("hex"));
}

const int32Boundaries = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0xffffffff];
const int32 = [
  ...int32Boundaries,
  ...int32Boundaries.filter((n) => n <= 0x7fffffff).map((n) => -n),
  -0x20,
  -0x21,
  -0x80,
  -0x81,
  -0x8000,
  -0x8001,
  -0x80000000,
];

describe("msgpackr as configured (codec.ts) against notepack.io", () => {
  it.each(int32)("writes the integer %d as notepack does", (n) => sameAsNotepack(n));

  it.each([0x100000000, Number.MAX_SAFE_INTEGER, 2 ** 63, -0x80000001, -Number.MAX_SAFE_INTEGER])(
    "writes the integer %d beyond 32 bits as float64 (notepack: (u)int64), read back as the same Number by both",
    (n) => {
      const bytes = write(n);
      expect(bytes[0]).toBe(0xcb);
      expect(notepack.decode(bytes)).toBe(n);
      expect(unpackr.unpack(notepack.encode(n))).toBe(n);
    },
  );

  it.each([0.5, -1.25, Math.PI, 1e-300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "writes the float %d as float64",
    (n) => sameAsNotepack(n),
  );

  it("keeps integral floats beyond the int64 forms (notepack writes wrong bytes for them)", () => {
    for (const n of [1e300, -(2 ** 70), Number.MAX_VALUE]) expect(unpackr.unpack(write(n))).toBe(n);
  });

  it.each([0, 1, 31, 32, 255, 256, 65535, 65536])(
    "writes strings of %d bytes (ASCII and multi-byte) as notepack does",
    (length) => {
      for (const text of [
        "a".repeat(length),
        "é".repeat(Math.floor(length / 2)),
        "€".repeat(Math.floor(length / 3)) + "x".repeat(length % 3),
      ]) {
        expect(write(text).equals(notepack.encode(text))).toBe(true);
      }
    },
  );

  it.each([0, 15, 16, 65535, 65536])("writes arrays and maps of %d entries as notepack does", (length) => {
    const array = Array.from({ length }, (_, i) => i % 3);
    expect(write(array).equals(notepack.encode(array))).toBe(true);
    const map = Object.fromEntries(Array.from({ length }, (_, i) => [`k${i}`, i % 2 === 0]));
    expect(write(map).equals(notepack.encode(map))).toBe(true);
  });

  it.each([0, 255, 256, 65535, 65536])("writes a Buffer of %d bytes as bin, as notepack does", (length) => {
    const buffer = Buffer.alloc(length, 3);
    expect(write(buffer).equals(notepack.encode(buffer))).toBe(true);
  });

  it("writes ArrayBuffer, Uint8Array views and DataView as bin of their own bytes (never a msgpackr extension)", () => {
    const backing = new Uint8Array([0, 1, 2, 0]);
    for (const binary of [new Uint8Array([1, 2]).buffer, backing.subarray(1, 3), new DataView(backing.buffer, 1, 2)]) {
      expect(write(binary).toString("hex")).toBe("c4020102");
    }
  });

  it("writes null, booleans, undefined (nil in arrays, left out of maps) as notepack 3 does", () => {
    sameAsNotepack([null, true, false, undefined, { a: undefined, b: 1 }]);
  });

  it("uses toJSON for class instances, as notepack does", () => {
    class Money {
      toJSON() {
        return { shown: 1 };
      }
    }
    sameAsNotepack([new Money()]);
    expect(unpackr.unpack(write([new Money()]))).toEqual([{ shown: 1 }]);
  });

  it("known differences: a plain object's toJSON and function-valued keys (msgpackr writes the key with nil)", () => {
    const withToJSON = { toJSON: () => ({ shown: 1 }) };
    expect(notepack.decode(notepack.encode([withToJSON]))).toEqual([{ shown: 1 }]);
    expect(unpackr.unpack(write([withToJSON]))).toEqual([{ toJSON: null }]);
    const withFunction = { a: 1, f: () => 1 };
    expect(notepack.decode(notepack.encode(withFunction))).toEqual({ a: 1 });
    expect(unpackr.unpack(write(withFunction))).toEqual({ a: 1, f: null });
  });

  it("writes no record, set, error or regexp extension (useRecords false, moreTypes off)", () => {
    const bytes = write([{ a: 1 }, { a: 2 }, new Set([1]), new Error("e"), /x/g]);
    expect(notepack.decode(bytes)).toEqual([{ a: 1 }, { a: 2 }, [1], ["Error", "e", null], ["x", "g"]]);
  });

  it("returns results that later packs do not overwrite, including after the slab grows", () => {
    const first = write(["first"]);
    const copy = Buffer.from(first);
    const big = write(["big", Buffer.alloc(100_000, 9)]);
    for (let i = 0; i < 2000; i++) write(["other", i, Buffer.alloc(100)]);
    expect(first).toEqual(copy);
    expect(unpackr.unpack(big)).toEqual(["big", Buffer.alloc(100_000, 9)]);
  });

  it("matches notepack on arbitrary JSON-like values within 32-bit integers (fast-check)", () => {
    const json = fc.jsonValue().filter(withinInt32);
    fc.assert(
      fc.property(json, (value) => {
        sameAsNotepack(value);
      }),
      { numRuns: 500 },
    );
  });
});

/** False for values holding an integral number outside the 32-bit forms (or -0, which both write as 0 differently). */
function withinInt32(value: unknown): boolean {
  if (typeof value === "number")
    return !Number.isInteger(value) || (value >= -(2 ** 31) && value < 2 ** 32 && !Object.is(value, -0));
  if (Array.isArray(value)) return value.every(withinInt32);
  if (typeof value === "object" && value !== null) return Object.values(value).every(withinInt32);
  return true;
}
