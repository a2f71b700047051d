// What msgpackr may build from untrusted bytes, and what the decoder lets through: only nil,
// booleans, numbers, strings, bin (Buffer), arrays and plain objects (and notepack 2's undefined).
import { addExtension } from "msgpackr";
import { describe, expect, it } from "vitest";
import { PacketType } from "../src/index.js";
import { decode, expectRejected, hex } from "./helpers.js";

/** A packet `{ type: 2, nsp: "/", data: ["a", <value>] }` with the value's bytes spliced in. */
const eventWith = (valueHex: string) => hex("83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 92 a1 61" + valueHex);
const str = (text: string) => Buffer.from([0xa0 | text.length, ...Buffer.from(text)]).toString("hex");
const dataOf = (valueHex: string) => (decode(eventWith(valueHex)).data as unknown[])[1];

describe("values built by msgpackr's process-global extensions are refused", () => {
  it.each([
    ["a timestamp (Date)", "d6 ff 00 00 00 02"],
    ["an invalid-length timestamp (invalid Date)", "d5 ff 00 00"],
    ["a msgpackr Set", "d4 73 00 91 01"],
    ["a msgpackr Error", "d4 65 00 93 a1 45 a1 6d c0"],
    ["a msgpackr RegExp", "d4 78 00 92 a1 61 a0"],
    ["a msgpackr BigInt", "d4 42 05"],
    ["a msgpackr typed array (even a Uint8Array)", "c7 03 74 01 01 02"],
    ["a msgpackr typed array (Int16Array)", "c7 03 74 03 01 02"],
    ["the never-used byte 0xc1", "c1"],
    ["the structured-clone id extension", "d6 69 00 00 00 01 90"],
    ["the structured-clone pointer extension", "d6 70 00 00 00 01"],
    ["an unknown extension", "d4 01 00"],
    ["a Date inside a nested map", "81 a1 6b 91 d6 ff 00 00 00 02"],
  ])("ERR_PARSER_INVALID_ENCODING for %s", (_label, valueHex) =>
    expectRejected(eventWith(valueHex), "ERR_PARSER_INVALID_ENCODING"),
  );

  it("refuses what an extension registered by other code in the process builds (the table is global)", () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    addExtension({
      Class: Money,
      type: 0x31,
      pack: () => Buffer.from([1]),
      unpack: (bytes: Uint8Array) => new Money(bytes[0] as number),
    });
    expectRejected(eventWith("d4 31 07"), "ERR_PARSER_INVALID_ENCODING");
  });

  it("checks the client's `options` map too", () => {
    const wire = hex(
      "84 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 91 a1 61 a7 6f7074696f6e73 81 a1 64 d6 ff 00 00 00 02",
    );
    expectRejected(wire, "ERR_PARSER_INVALID_ENCODING");
  });

  it("accepts notepack 2's undefined (fixext 0) inside data", () => {
    expect(decode(eventWith("d4 00 00")).data).toEqual(["a", undefined]);
  });

  it("known loss: notepack 2's other type-0 extensions (Node ArrayBuffer/typed array, Date) decode as undefined", () => {
    expect(dataOf("c7 02 00 05 06")).toBeUndefined();
    expect(dataOf("d7 00 00 00 00 00 00 00 03 e8")).toBeUndefined();
  });

  it("known leniency: a msgpackr record decodes to a plain object with its keys checked", () => {
    expect(dataOf("d4 72 00 91 a1 78 01")).toEqual({ x: 1 });
  });

  it("reads bin 8/16/32 as Buffers", () => {
    for (const bin of ["c4 02 01 02", "c5 00 02 01 02", "c6 00 00 00 02 01 02"]) {
      const value = dataOf(bin);
      expect(Buffer.isBuffer(value)).toBe(true);
      expect([...(value as Buffer)]).toEqual([1, 2]);
    }
  });

  it("turns scalar map keys into strings, as notepack does, and refuses container keys", () => {
    expect(dataOf("81 01 02")).toEqual({ 1: 2 });
    expect(dataOf("81 c0 02")).toEqual({ null: 2 });
    expectRejected(eventWith("81 91 01 02"), "ERR_PARSER_INVALID_ENCODING");
  });
});

describe("malformed msgpack is ERR_PARSER_INVALID_ENCODING", () => {
  it.each([
    ["a truncated string", "a3 61 62"],
    ["a truncated integer", "cd ff"],
    ["a truncated bin", "c4 05 01"],
    ["an array claiming more elements than there are bytes", "dd ff ff ff ff"],
    ["a map claiming more entries than there are bytes", "df ff ff ff ff"],
    ["a truncated array", "92 01"],
  ])("%s", (_label, valueHex) => expectRejected(eventWith(valueHex), "ERR_PARSER_INVALID_ENCODING"));
});

describe("prototype pollution keys", () => {
  it("drops __proto__ (which msgpackr renames to __proto_) and object-valued constructor/prototype keys", () => {
    const map = `84 ${str("__proto__")} 81 a1 70 01 ${str("constructor")} 81 ${str("prototype")} 80 ${str("prototype")} a1 78 a1 6b 01`;
    const value = dataOf(map) as Record<string, unknown>;
    expect(value).toEqual({ prototype: "x", k: 1 });
    expect(Object.keys(value)).toEqual(["prototype", "k"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it("keeps a genuine __proto_ key when the input spells no __proto__, and a string-valued constructor", () => {
    expect(dataOf(`82 ${str("__proto_")} 01 ${str("constructor")} ${str("Ferrari")}`)).toEqual({
      __proto_: 1,
      constructor: "Ferrari",
    });
  });

  it("drops __proto__ at any depth and in the packet map itself", () => {
    expect(dataOf(`91 91 81 ${str("__proto__")} 81 a1 70 01`)).toEqual([[{}]]);
    const packet = decode(
      hex(`84 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 91 a1 61 ${str("__proto__")} 81 a1 70 01`),
    );
    expect(packet).toEqual({ type: PacketType.EVENT, nsp: "/", data: ["a"] });
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe("nesting", () => {
  it("bounds the walk with maxDepth (the data array is depth 1, arrays and maps alike)", () => {
    expect(decode(eventWith("81 a1 6b 90"), { maxDepth: 3 }).data).toEqual(["a", { k: [] }]);
    expectRejected(eventWith("91 90"), "ERR_PARSER_MAX_DEPTH", { maxDepth: 2 });
    expectRejected(eventWith("81 a1 6b 90"), "ERR_PARSER_MAX_DEPTH", { maxDepth: 2 });
  });

  it("refuses absurd nesting with ERR_PARSER_MAX_DEPTH (before msgpackr reads it), and keeps working", () => {
    expectRejected(eventWith("91".repeat(200_000) + "90"), "ERR_PARSER_MAX_DEPTH");
    expect(decode(eventWith("c3")).data).toEqual(["a", true]);
  });

  it("turns a stack overflow inside msgpackr (nesting the pre-scan allowed) into ERR_PARSER_MAX_DEPTH, and keeps working", () => {
    expectRejected(eventWith("91".repeat(200_000) + "90"), "ERR_PARSER_MAX_DEPTH", { maxDepth: 1_000_000 });
    expect(decode(eventWith("c3")).data).toEqual(["a", true]);
  });
});
