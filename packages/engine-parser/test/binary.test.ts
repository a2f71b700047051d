import { describe, expect, test } from "vitest";
import { asBuffer, exactArrayBuffer, isBinary, isNodeBuffer, sliceToBinaryType, toBinaryType } from "../src/binary.js";

describe("binary helpers", () => {
  test("isBinary accepts Buffer, typed arrays, DataView and ArrayBuffer only", () => {
    expect(isBinary(Buffer.alloc(1))).toBe(true);
    expect(isBinary(new Uint16Array(1))).toBe(true);
    expect(isBinary(new DataView(new ArrayBuffer(1)))).toBe(true);
    expect(isBinary(new ArrayBuffer(1))).toBe(true);
    for (const other of ["abc", 1, null, undefined, {}, [1, 2]]) expect(isBinary(other)).toBe(false);
  });

  test("asBuffer views the same memory", () => {
    const backing = new ArrayBuffer(8);
    const view = new Uint8Array(backing, 2, 4);
    const buffer = asBuffer(view);
    buffer[0] = 42;
    expect(new Uint8Array(backing)[2]).toBe(42);
    expect(buffer.length).toBe(4);
    const whole = asBuffer(backing);
    expect(whole.buffer).toBe(backing);
    const original = Buffer.from("abc");
    expect(asBuffer(original)).toBe(original);
  });

  test("exactArrayBuffer reuses a fully spanned ArrayBuffer and copies only a part", () => {
    const backing = new ArrayBuffer(4);
    expect(exactArrayBuffer(new Uint8Array(backing))).toBe(backing);
    const part = exactArrayBuffer(new Uint8Array(backing, 1, 2));
    expect(part).not.toBe(backing);
    expect(part.byteLength).toBe(2);
    const pooled = Buffer.from([1, 2, 3]); // small Buffers live inside a shared pool
    expect([...new Uint8Array(exactArrayBuffer(pooled))]).toEqual([1, 2, 3]);
  });

  test("toBinaryType and sliceToBinaryType", () => {
    const data = Buffer.from([9, 8, 7]);
    expect(toBinaryType(data, "nodebuffer")).toBe(data);
    expect(toBinaryType(data, undefined)).toBe(data);
    const arrayBuffer = new ArrayBuffer(2);
    expect(toBinaryType(arrayBuffer, "arraybuffer")).toBe(arrayBuffer);
    const slice = sliceToBinaryType(data, 1, 3, "nodebuffer") as Buffer;
    expect(slice.buffer).toBe(data.buffer);
    expect([...slice]).toEqual([8, 7]);
    const exact = sliceToBinaryType(data, 1, 3, "arraybuffer") as ArrayBuffer;
    expect([...new Uint8Array(exact)]).toEqual([8, 7]);
  });
});

describe("isNodeBuffer", () => {
  test("true for Buffers only", () => {
    expect(isNodeBuffer(Buffer.alloc(2))).toBe(true);
    expect(isNodeBuffer(Buffer.from("ab").subarray(1))).toBe(true);
    expect(isNodeBuffer(new Uint8Array(2))).toBe(false);
    expect(isNodeBuffer(new ArrayBuffer(2))).toBe(false);
    expect(isNodeBuffer({ constructor: Buffer })).toBe(false);
  });
});
