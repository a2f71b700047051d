// The hardened msgpackr pair other packages share (the Redis adapter's inter-node messages).
import { encode as notepackEncode } from "notepack.io";
import { describe, expect, it } from "vitest";
import { msgpack, ParserError } from "../src/index.js";

describe("msgpack (shared codec)", () => {
  it("writes notepack.io's bytes and reads them back", () => {
    const value = { type: 2, nsp: "/", data: ["x", Buffer.from([1, 2]), { a: 1, b: undefined }], list: [undefined, 3] };
    const bytes = msgpack.encode(value);
    expect(Buffer.compare(bytes, notepackEncode(value))).toBe(0);
    expect(msgpack.decode(bytes)).toEqual({
      type: 2,
      nsp: "/",
      data: ["x", Buffer.from([1, 2]), { a: 1 }],
      list: [null, 3],
    });
  });

  it("refuses msgpackr's record and structured-clone extensions instead of evaluating them", () => {
    // 0xd4 0x72: a record definition (fixext1, type "r"); 0xd6 0x69: a structured-clone id.
    for (const bytes of [Buffer.from([0xd4, 0x72, 0x40]), Buffer.from([0xd6, 0x69, 0, 0, 0, 1])]) {
      expect(() => msgpack.decode(bytes)).toThrow(ParserError);
    }
  });

  it("refuses truncated input and absurd nesting with coded errors", () => {
    expect(() => msgpack.decode(Buffer.from([0x92, 0x01]))).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_ENCODING" }),
    );
    const deep = Buffer.alloc(10_000, 0x91); // 10,000 nested one-element arrays
    expect(() => msgpack.decode(deep)).toThrow(expect.objectContaining({ code: "ERR_PARSER_MAX_DEPTH" }));
  });
});
