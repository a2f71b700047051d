import notepack from "notepack.io";
import * as official from "socket.io-msgpack-parser";
import { describe, expect, it } from "vitest";
import { Decoder, Encoder, PacketType, ParserError } from "../src/index.js";
import { decode, expectRejected, hex } from "./helpers.js";

const officialEncode = (packet: unknown) => (new official.Encoder().encode(packet) as unknown as Buffer[])[0] as Buffer;

describe("msgpack Decoder: accepted input", () => {
  it("accepts what socket.io-client v4 sends: an `options` field, dropped from the packet", () => {
    const wire = officialEncode({ type: 2, data: ["hi", 1], options: { compress: true }, id: 3, nsp: "/chat" });
    expect(decode(wire)).toEqual({ type: PacketType.EVENT, nsp: "/chat", data: ["hi", 1], id: 3 });
  });

  it("treats notepack 2's undefined fields (fixext 0) as absent: a CONNECT without auth", () => {
    const wire = officialEncode({ type: 0, data: undefined, nsp: "/" });
    expect(wire.includes(Buffer.from([0xd4, 0, 0]))).toBe(true);
    const packet = decode(wire);
    expect(packet).toEqual({ type: PacketType.CONNECT, nsp: "/" });
    expect(Object.keys(packet)).toEqual(["type", "nsp"]);
  });

  it("accepts ArrayBuffer, typed arrays and DataView chunks", () => {
    const wire = new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["x"] })[0] as Buffer;
    const padded = new Uint8Array(wire.length + 2);
    padded.set(wire, 1);
    for (const chunk of [
      new Uint8Array(wire).buffer,
      padded.subarray(1, wire.length + 1),
      new DataView(padded.buffer, 1, wire.length),
    ]) {
      expect(decode(chunk)).toEqual({ type: PacketType.EVENT, nsp: "/", data: ["x"] });
    }
  });

  it("an ACK with a negative or huge integer id decodes (one never issued is the server's to ignore, as officially)", () => {
    expect(decode(notepack.encode({ type: 3, nsp: "/", data: ["x"], id: -1 })).id).toBe(-1);
    expect(decode(notepack.encode({ type: 3, nsp: "/", data: ["x"], id: 2 ** 60 })).type).toBe(PacketType.ACK);
  });

  it("destroy() is a harmless no-op", () => {
    const decoder = new Decoder();
    expect(() => decoder.destroy()).not.toThrow();
  });
});

describe("msgpack Decoder: the official messages", () => {
  it("are socket.io-msgpack-parser 3's for what it refuses", () => {
    const decoder = new Decoder();
    const rejects = (input: unknown, message: RegExp) => expect(() => decoder.add(input as Buffer)).toThrow(message);
    rejects(Buffer.from([]), /^Could not parse$/);
    rejects(hex("c1"), /^invalid packet type$/);
    rejects(notepack.encode({}), /^invalid packet type$/);
    rejects(notepack.encode({ type: "a" }), /^invalid packet type$/);
    rejects(notepack.encode({ type: 7 }), /^invalid packet type$/);
    rejects(notepack.encode(Buffer.from([1])), /^invalid packet type$/);
    rejects(notepack.encode({ type: 2 }), /^invalid namespace$/);
    rejects(notepack.encode({ type: 2, nsp: 2 }), /^invalid namespace$/);
    rejects(notepack.encode({ type: 2, nsp: "/" }), /^invalid payload$/);
    rejects(notepack.encode({ type: 2, nsp: "/", data: 4 }), /^invalid payload$/);
    rejects(notepack.encode({ type: 4, nsp: "/", data: [] }), /^invalid payload$/);
    rejects(notepack.encode({ type: 2, nsp: "/", data: ["a"], id: "a" }), /^invalid packet id$/);
    rejects(notepack.encode({ type: 2, nsp: "/", data: ["a"] }).subarray(0, 10), /^Could not parse$/);
  });

  it.each(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"])(
    "refuses the reserved event name %j as socket.io-parser does: invalid payload (ERR_PARSER_RESERVED_EVENT)",
    (name) => {
      expectRejected(notepack.encode({ type: 2, nsp: "/", data: [name, 1] }), "ERR_PARSER_RESERVED_EVENT");
      expectRejected(notepack.encode({ type: 2, nsp: "/chat", id: 4, data: [name] }), "ERR_PARSER_RESERVED_EVENT");
    },
  );

  it("a reserved name as an ACK argument is just data", () => {
    expect(decode(notepack.encode({ type: 3, nsp: "/", id: 1, data: ["connect"] })).data).toEqual(["connect"]);
  });
});

describe("msgpack Decoder: every rejection has its code", () => {
  it.each([
    ["a string", '2["a"]'],
    ["a number", 42],
    ["null", null],
  ])("ERR_PARSER_INVALID_INPUT for %s", (_label, chunk) => expectRejected(chunk, "ERR_PARSER_INVALID_INPUT"));

  it.each([
    ["an array", notepack.encode([2, "/", ["a"]])],
    ["a string", notepack.encode("hello")],
    ["an integer", notepack.encode(2)],
    ["nothing", Buffer.alloc(0)],
    ["trailing bytes", Buffer.concat([notepack.encode({ type: 2, nsp: "/", data: ["a"] }), Buffer.from([0])])],
    ["a truncated map", notepack.encode({ type: 2, nsp: "/", data: ["a"] }).subarray(0, 10)],
    ["an extra field", notepack.encode({ type: 2, nsp: "/", data: ["a"], extra: 1 })],
    ["options that are not a map", notepack.encode({ type: 2, nsp: "/", data: ["a"], options: 1 })],
    [
      "a msgpackr extension in the data",
      Buffer.concat([
        notepack.encode({ type: 2, nsp: "/", data: ["a", null] }).subarray(0, -1),
        Buffer.from([0xd4, 0x73, 0]),
      ]),
    ],
  ])("ERR_PARSER_INVALID_ENCODING for %s", (_label, chunk) => expectRejected(chunk, "ERR_PARSER_INVALID_ENCODING"));

  it.each([
    [{ nsp: "/", data: ["a"] }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: "2", nsp: "/", data: ["a"] }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: 5, nsp: "/", data: ["a"] }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: 2.5, nsp: "/", data: ["a"] }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: 2, data: ["a"] }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 2, nsp: "admin", data: ["a"] }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 2, nsp: 1, data: ["a"] }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 2, nsp: "/", data: ["a"], id: -1 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 2, nsp: "/", data: ["a"], id: "1" }, "ERR_PARSER_INVALID_ID"],
    [{ type: 3, nsp: "/", data: [] }, "ERR_PARSER_INVALID_ID"],
    [{ type: 3, nsp: "/", data: ["a"], id: 1.5 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 2, nsp: "/", data: [] }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 2, nsp: "/", data: [null] }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 3, nsp: "/", data: {}, id: 1 }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 0, nsp: "/", data: [] }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 1, nsp: "/", data: {} }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 4, nsp: "/", data: 1 }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 2, nsp: "/", data: ["disconnect"] }, "ERR_PARSER_RESERVED_EVENT"],
  ])("%j -> %s", (fields, code) => expectRejected(notepack.encode(fields), code as never));

  it("ERR_PARSER_MAX_DEPTH for data nested deeper than maxDepth", () => {
    let nested: unknown = 1;
    for (let i = 0; i < 40; i++) nested = [nested];
    expectRejected(notepack.encode({ type: 2, nsp: "/", data: ["a", nested] }), "ERR_PARSER_MAX_DEPTH");
    expectRejected(notepack.encode({ type: 2, nsp: "/", data: ["a", [[1]]] }), "ERR_PARSER_MAX_DEPTH", { maxDepth: 2 });
    expect(decode(notepack.encode({ type: 2, nsp: "/", data: ["a", [[1]]] }), { maxDepth: 3 }).data).toEqual([
      "a",
      [[1]],
    ]);
  });

  it("ERR_PARSER_INVALID_OPTION for a bad maxDepth", () => {
    expect(() => new Decoder({ maxDepth: 0 })).toThrow(ParserError);
    expect(() => new Decoder({ maxDepth: 1.5 })).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_OPTION" }),
    );
  });
});

describe("msgpack Decoder: no prototype pollution", () => {
  it("drops __proto__/constructor payloads and leaves prototypes untouched", () => {
    const attack = {
      type: 2,
      nsp: "/",
      data: ["a", JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ok":1}')],
    };
    const wire = notepack.encode(attack);
    expect(wire.includes("__proto__")).toBe(true);
    const packet = decode(wire);
    const target = (packet.data as unknown[])[1] as Record<string, unknown>;
    expect(target).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
