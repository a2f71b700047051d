import { describe, expect, it } from "vitest";
import { extractAttachments, isBinary, toBuffer } from "../src/binary.js";

describe("binary (encode side)", () => {
  it("isBinary recognises ArrayBuffer and every ArrayBufferView, nothing else", () => {
    for (const value of [Buffer.alloc(1), new ArrayBuffer(1), new Uint16Array(1), new DataView(new ArrayBuffer(1))]) {
      expect(isBinary(value)).toBe(true);
    }
    for (const value of [null, "x", [1], { byteLength: 1 }, new Date()]) expect(isBinary(value)).toBe(false);
  });

  it("toBuffer is a zero-copy view of the same bytes", () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const view = toBuffer(bytes.subarray(1, 3));
    expect([...view]).toEqual([2, 3]);
    bytes[1] = 9;
    expect(view[0]).toBe(9);
  });

  it("returns the very same value when there is no binary (nothing copied)", () => {
    const data = ["a", { b: [1, { c: "d" }] }, null];
    const attachments: Buffer[] = [];
    expect(extractAttachments(data, attachments)).toBe(data);
    expect(attachments).toEqual([]);
  });

  it("copies only the branches that hold binary", () => {
    const untouched = { x: 1 };
    const data = ["a", untouched, { bin: Buffer.from([1]) }];
    const attachments: Buffer[] = [];
    const result = extractAttachments(data, attachments) as unknown[];
    expect(result).not.toBe(data);
    expect(result[1]).toBe(untouched);
    expect(result[2]).toEqual({ bin: { _placeholder: true, num: 0 } });
    expect(attachments).toEqual([Buffer.from([1])]);
  });

  it("numbers placeholders in depth-first order", () => {
    const attachments: Buffer[] = [];
    const result = extractAttachments([Buffer.from([0]), [Buffer.from([1])], { z: Buffer.from([2]) }], attachments);
    expect(result).toEqual(
      [0, 1, 2].map((num) =>
        num === 0
          ? { _placeholder: true, num }
          : num === 1
            ? [{ _placeholder: true, num }]
            : { z: { _placeholder: true, num } },
      ),
    );
    expect(attachments.map((a) => a[0])).toEqual([0, 1, 2]);
  });
});
