import { describe, expect, it } from "vitest";
import { Decoder, PacketType, ParserError } from "../src/index.js";
import { decodeAll, expectRejected } from "./helpers.js";

const placeholder = (num: unknown) => ({ _placeholder: true, num });

describe("Decoder: accepted input", () => {
  it("reassembles a binary event from its attachments, at any depth, and reports the plain type", () => {
    const header = `52-/chat,7${JSON.stringify(["file", { meta: { blob: placeholder(1) } }, [placeholder(0)]])}`;
    const [packet] = decodeAll([header, Buffer.from([1]), Buffer.from([2])]);
    expect(packet).toEqual({
      type: PacketType.EVENT,
      nsp: "/chat",
      id: 7,
      data: ["file", { meta: { blob: Buffer.from([2]) } }, [Buffer.from([1])]],
    });
    expect(packet).not.toHaveProperty("attachments");
  });

  it("accepts ArrayBuffer and typed-array attachments as given", () => {
    const arrayBuffer = new Uint8Array([9, 8]).buffer;
    const [packet] = decodeAll(['61-3[{"_placeholder":true,"num":0}]', arrayBuffer]);
    expect(packet?.type).toBe(PacketType.ACK);
    expect(packet?.data[0]).toBe(arrayBuffer);
  });

  it("emits nothing until the last attachment arrives", () => {
    const decoder = new Decoder();
    const packets: unknown[] = [];
    decoder.on("decoded", (packet) => packets.push(packet));
    decoder.add('52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    decoder.add(Buffer.from([1]));
    expect(packets).toHaveLength(0);
    decoder.add(Buffer.from([2]));
    expect(packets).toHaveLength(1);
  });

  it("accepts a numeric event name and the reviver option (also as a bare function)", () => {
    expect(decodeAll(["2[42]"])).toEqual([{ type: PacketType.EVENT, nsp: "/", data: [42] }]);
    const upper = (_key: string, value: unknown) => (typeof value === "string" ? value.toUpperCase() : value);
    expect(decodeAll(['2["a"]'], { reviver: upper })[0]?.data).toEqual(["A"]);
    const decoder = new Decoder(upper);
    let data: unknown;
    decoder.on("decoded", (packet) => (data = packet.data));
    decoder.add('2["b"]');
    expect(data).toEqual(["B"]);
  });

  it("reads a namespace without a trailing comma to the end of the input, as the official parser does", () => {
    expect(decodeAll(["1/admin"])).toEqual([{ type: PacketType.DISCONNECT, nsp: "/admin" }]);
  });

  it("with a maxDepth that allows it, walks very deep payloads without overflowing the stack (the walk is iterative)", () => {
    const depth = 100_000;
    const deep = `2["a",${'{"constructor":'.repeat(depth)}{"prototype":{}}${"}".repeat(depth)}]`;
    const [packet] = decodeAll([deep], { maxDepth: depth + 10 });
    expect(packet?.data).toEqual(["a", {}]);
    const arrays = `2["a",${"[".repeat(depth)}${"]".repeat(depth)}]`;
    expect(decodeAll([arrays], { maxDepth: depth + 10 })).toHaveLength(1);
  });

  it("waits for every announced attachment and drops one no placeholder uses, as socket.io-parser does", () => {
    const decoder = new Decoder();
    const packets: Array<{ data?: unknown }> = [];
    decoder.on("decoded", (packet) => packets.push(packet));
    decoder.add('52-["a",{"_placeholder":true,"num":1}]');
    decoder.add(Buffer.from([1]));
    expect(packets).toHaveLength(0);
    decoder.add(Buffer.from([2]));
    expect(packets.map((p) => p.data)).toEqual([["a", Buffer.from([2])]]);
    expect(decodeAll(['51-["a"]', Buffer.from([1])])).toEqual([{ type: PacketType.EVENT, nsp: "/", data: ["a"] }]);
  });

  it("accepts the largest safe ack id", () => {
    expect(decodeAll([`3${Number.MAX_SAFE_INTEGER}[]`])[0]?.id).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses a reserved binary event name only once its attachments are in, so the next packet decodes", () => {
    const decoder = new Decoder();
    const decoded: unknown[] = [];
    decoder.on("decoded", (p) => decoded.push(p));
    decoder.add('51-["disconnect",{"_placeholder":true,"num":0}]');
    expect(() => decoder.add(Buffer.from([1]))).toThrow(expect.objectContaining({ code: "ERR_PARSER_RESERVED_EVENT" }));
    decoder.add('2["ok"]');
    expect(decoded).toEqual([{ type: PacketType.EVENT, nsp: "/", data: ["ok"] }]);
  });

  it("destroy() drops a pending binary packet, so the next text packet is accepted", () => {
    const decoder = new Decoder();
    const packets: unknown[] = [];
    decoder.on("decoded", (packet) => packets.push(packet));
    decoder.add('51-["a",{"_placeholder":true,"num":0}]');
    decoder.destroy();
    decoder.add('2["b"]');
    expect(packets).toEqual([{ type: PacketType.EVENT, nsp: "/", data: ["b"] }]);
    expect(() => decoder.add(Buffer.from([1]))).toThrow(ParserError);
  });
});

describe("Decoder: every rejection has its code", () => {
  it.each([
    ["", "empty input"],
    ["7", "unknown digit"],
    ["a", "not a digit"],
    ["/", "namespace without type"],
  ])("ERR_PARSER_INVALID_TYPE for %j (%s)", (input) => expectRejected([input], "ERR_PARSER_INVALID_TYPE"));

  it.each([
    ['5["a"]', "no count"],
    ['51["a"]', "no dash"],
    ['50-["a"]', "zero"],
    ['5-1-["a"]', "sign"],
    ['5x-["a"]', "not decimal"],
  ])("ERR_PARSER_INVALID_ATTACHMENTS for %j (%s)", (input) =>
    expectRejected([input], "ERR_PARSER_INVALID_ATTACHMENTS"),
  );

  it("ERR_PARSER_TOO_MANY_ATTACHMENTS above maxAttachments (default 10), and for absurd counts without reading them all", () => {
    expectRejected(['511-["a"]'], "ERR_PARSER_TOO_MANY_ATTACHMENTS");
    expectRejected([`5${"9".repeat(100_000)}-["a"]`], "ERR_PARSER_TOO_MANY_ATTACHMENTS");
    expectRejected(['53-["a"]'], "ERR_PARSER_TOO_MANY_ATTACHMENTS", { maxAttachments: 2 });
  });

  it("an ACK with any integer id decodes (one never issued is the server's to ignore, as officially)", () => {
    const [huge] = decodeAll([`3${"9".repeat(30)}["x"]`]);
    expect(huge?.type).toBe(PacketType.ACK);
    expect(Number.isInteger(huge?.id)).toBe(true);
    expect(decodeAll([`3${"9".repeat(100_000)}["x"]`])[0]?.data).toEqual(["x"]);
    expect(decodeAll([`3${Number.MAX_SAFE_INTEGER + 1}["x"]`])[0]?.type).toBe(PacketType.ACK);
  });

  it("ERR_PARSER_INVALID_ID: an EVENT id past 2^53, ids where none belong, ACK without id", () => {
    expectRejected([`2${"1".repeat(17)}["a"]`], "ERR_PARSER_INVALID_ID");
    expectRejected([`2${"9".repeat(100_000)}["a"]`], "ERR_PARSER_INVALID_ID");
    expectRejected([`2${Number.MAX_SAFE_INTEGER + 1}["a"]`], "ERR_PARSER_INVALID_ID");
    expectRejected(['012{"a":1}'], "ERR_PARSER_INVALID_ID");
    expectRejected(["3[]"], "ERR_PARSER_INVALID_ID");
  });

  it.each([
    ['2["a"', "truncated JSON"],
    ["2{oops}", "not JSON"],
    ["2", "EVENT without payload"],
    ["2[]", "EVENT with empty array"],
    ['2{"a":1}', "EVENT with an object"],
    ["2[null]", "EVENT name null"],
    ["2[[1]]", "EVENT name array"],
    ["31{}", "ACK not an array"],
    ["0[]", "CONNECT with an array"],
    ['0"x"', "CONNECT with a string"],
    ["0null", "CONNECT with null"],
    ["1{}", "DISCONNECT with a payload"],
    ["4", "CONNECT_ERROR without payload"],
    ["4[1]", "CONNECT_ERROR with an array"],
  ])("ERR_PARSER_INVALID_PAYLOAD for %j (%s)", (input) => expectRejected([input], "ERR_PARSER_INVALID_PAYLOAD"));

  it.each(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"])(
    "ERR_PARSER_RESERVED_EVENT for the reserved event %j",
    (name) => expectRejected([`2${JSON.stringify([name])}`], "ERR_PARSER_RESERVED_EVENT"),
  );

  it("reviver failures are payload errors, not escapes", () => {
    const reviver = () => {
      throw new Error("boom");
    };
    expectRejected(['2["a"]'], "ERR_PARSER_INVALID_PAYLOAD", { reviver });
  });

  it.each<[number, unknown[], string]>([
    [1, ["a", placeholder(0), placeholder(0)], "more placeholders than attachments"],
    [2, ["a", placeholder(0), placeholder(0)], "duplicate index"],
    [1, ["a", placeholder(1)], "index out of range"],
    [1, ["a", placeholder(-1)], "negative index"],
    [1, ["a", placeholder(0.5)], "fractional index"],
    [1, ["a", placeholder("0")], "string index"],
    [1, ["a", { _placeholder: true }], "missing index"],
  ])("ERR_PARSER_INVALID_PLACEHOLDER: %j attachment(s) for %j (%s)", (count, data) =>
    expectRejected([`5${count}-${JSON.stringify(data)}`], "ERR_PARSER_INVALID_PLACEHOLDER"),
  );

  it.each<[number, unknown[], string]>([
    [2, ["a", placeholder(0)], "fewer placeholders than attachments"],
    [1, ["a"], "no placeholder at all"],
  ])("ERR_PARSER_INVALID_PLACEHOLDER with rejectUnusedAttachments: %j attachment(s) for %j (%s)", (count, data) =>
    expectRejected([`5${count}-${JSON.stringify(data)}`], "ERR_PARSER_INVALID_PLACEHOLDER", {
      rejectUnusedAttachments: true,
    }),
  );

  it("ERR_PARSER_MAX_DEPTH when placeholders must be searched deeper than maxDepth", () => {
    let nested: unknown = placeholder(0);
    for (let i = 0; i < 40; i++) nested = [nested];
    expectRejected([`51-${JSON.stringify(["a", nested])}`], "ERR_PARSER_MAX_DEPTH");
    expectRejected([`51-${JSON.stringify(["a", [[placeholder(0)]]])}`], "ERR_PARSER_MAX_DEPTH", { maxDepth: 2 });
    expect(
      decodeAll([`51-${JSON.stringify(["a", [[placeholder(0)]]])}`, Buffer.from([1])], { maxDepth: 3 }),
    ).toHaveLength(1);
  });

  it("ERR_PARSER_UNEXPECTED_ATTACHMENT for binary data when no binary packet is pending", () => {
    expectRejected([Buffer.from([1])], "ERR_PARSER_UNEXPECTED_ATTACHMENT");
    expectRejected(
      ['51-["a",{"_placeholder":true,"num":0}]', Buffer.from([1]), Buffer.from([2])],
      "ERR_PARSER_UNEXPECTED_ATTACHMENT",
    );
  });

  it("ERR_PARSER_UNEXPECTED_TEXT for a text packet while attachments are pending, and the pending packet is dropped", () => {
    expectRejected(['51-["a",{"_placeholder":true,"num":0}]', '2["b"]'], "ERR_PARSER_UNEXPECTED_TEXT");
    const decoder = new Decoder();
    decoder.add('51-["a",{"_placeholder":true,"num":0}]');
    expect(() => decoder.add('2["b"]')).toThrow(ParserError);
    expect(() => decoder.add(Buffer.from([1]))).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_UNEXPECTED_ATTACHMENT" }),
    );
  });

  it("ERR_PARSER_INVALID_INPUT for chunks that are neither strings nor binary", () => {
    for (const chunk of [42, null, undefined, {}, ["2[]"], Object.create(null)]) {
      expectRejected([chunk as unknown as string], "ERR_PARSER_INVALID_INPUT");
    }
    expect(() => new Decoder().add(999 as unknown as string)).toThrow(/^Unknown type: 999$/);
  });

  it("the official messages name the unknown type as a number", () => {
    expect(() => new Decoder().add("999")).toThrow(/^unknown packet type 9$/);
    expect(() => new Decoder().add("x")).toThrow(/^unknown packet type NaN$/);
  });

  it("ERR_PARSER_INVALID_OPTION for out-of-range options", () => {
    expect(() => new Decoder({ maxAttachments: -1 })).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_OPTION" }),
    );
    expect(() => new Decoder({ maxDepth: 0 })).toThrow(expect.objectContaining({ code: "ERR_PARSER_INVALID_OPTION" }));
  });
});

describe("Decoder: no prototype pollution", () => {
  const attacks = [
    '2["a",{"__proto__":{"polluted":"yes"}}]',
    '2["a",{"constructor":{"prototype":{"polluted":"yes"}}}]',
    '2["a",{"\\u005f_proto__":{"polluted":"yes"}}]',
    '0{"__proto__":{"polluted":"yes"}}',
    '51-["a",{"__proto__":{"polluted":"yes"},"b":{"_placeholder":true,"num":0}}]',
  ];

  it.each(attacks)("drops the dangerous keys of %s and leaves every prototype untouched", (attack) => {
    const chunks: Array<string | Buffer> = attack.startsWith("5") ? [attack, Buffer.from([1])] : [attack];
    const [packet] = decodeAll(chunks);
    const data = packet?.data as unknown;
    const target = (Array.isArray(data) ? data[1] : data) as Record<string, unknown>;
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.hasOwn(target, "__proto__")).toBe(false);
    expect(Object.hasOwn(target, "constructor")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // What a naive deep merge would do with it: still no pollution.
    const merged = naiveMerge({}, target);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.polluted).toBeUndefined();
  });

  it("keeps scalar values under constructor/prototype and ordinary keys", () => {
    const [packet] = decodeAll(['2["car",{"constructor":"Ferrari","prototype":1,"x":{"y":2}}]']);
    expect(packet?.data).toEqual(["car", { constructor: "Ferrari", prototype: 1, x: { y: 2 } }]);
  });
});

function naiveMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === "object" && value !== null) {
      target[key] ??= {};
      naiveMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
  return target;
}
