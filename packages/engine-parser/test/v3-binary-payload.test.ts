import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ERROR_PACKET } from "@socketry/engine-parser";
import * as v3 from "@socketry/engine-parser/v3";
import { decodeBinaryPayload, hasBinaryPacket } from "../src/v3/binary-payload.js";
import { KNOWN_TYPES, RUNS, anyString, binaryPacketV3, bytes, plain, textPacket, viaUtf8 } from "./arbitraries.js";

function codeOf(input: Buffer): string | undefined {
  try {
    decodeBinaryPayload(input, undefined);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("v3 binary payloads", () => {
  test("string packets as UTF-8 bytes (0x00 marker), binary packets with their type byte (0x01 marker)", () => {
    const encoded = v3.encodePayloadSync(
      [
        { type: "message", data: "hello" },
        { type: "message", data: Buffer.from([1, 2, 3]) },
      ],
      true,
    ) as Buffer;
    expect([...encoded]).toEqual([
      0x00, 0x06, 0xff, 0x34, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x01, 0x04, 0xff, 0x04, 0x01, 0x02, 0x03,
    ]);
    expect(v3.decodePayload(encoded)).toEqual([
      { type: "message", data: "hello" },
      { type: "message", data: Buffer.from([1, 2, 3]) },
    ]);
  });

  test("length digits are one byte each", () => {
    const encoded = v3.encodePayloadSync([{ type: "message", data: Buffer.alloc(123) }], true) as Buffer;
    expect([...encoded.subarray(0, 5)]).toEqual([0x01, 1, 2, 4, 0xff]);
    expect(encoded.length).toBe(5 + 124);
  });

  test("decoded binary data views the payload for nodebuffer and is exact for arraybuffer", () => {
    const encoded = v3.encodePayloadSync([{ type: "message", data: Buffer.from([5, 6]) }], true) as Buffer;
    const [viewed] = v3.decodePayload(encoded);
    expect((viewed!.data as Buffer).buffer).toBe(encoded.buffer);
    const [exact] = v3.decodePayload(encoded, "arraybuffer");
    expect([...new Uint8Array(exact!.data as ArrayBuffer)]).toEqual([5, 6]);
  });

  test("an empty Buffer is no packets", () => {
    expect(v3.decodePayload(Buffer.alloc(0))).toEqual([]);
  });

  test.each([
    ["a marker other than 0/1", [0x02, 0x01, 0xff, 0x34], "ERR_ENGINE_PARSER_INVALID_MARKER"],
    ["a length not terminated by 0xff", [0x00, 0x01, 0x02], "ERR_ENGINE_PARSER_UNTERMINATED_LENGTH"],
    ["a length byte that is not a digit", [0x00, 0x0a, 0xff, 0x34], "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["an empty length", [0x00, 0xff, 0x34], "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a length with 11 digits", [0x00, ...Array(10).fill(0), 1, 0xff, 0x34], "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a length that overruns", [0x00, 0x05, 0xff, 0x34, 0x61], "ERR_ENGINE_PARSER_LENGTH_OVERRUN"],
    ["an empty string packet", [0x00, 0x00, 0xff], "ERR_ENGINE_PARSER_INVALID_PACKET"],
    ["an empty binary packet", [0x01, 0x00, 0xff], "ERR_ENGINE_PARSER_INVALID_PACKET"],
    ["a binary packet with type byte 9", [0x01, 0x02, 0xff, 0x09, 0x01], "ERR_ENGINE_PARSER_INVALID_PACKET"],
    ["a string packet with a bad digit", [0x00, 0x01, 0xff, 0x39], "ERR_ENGINE_PARSER_INVALID_PACKET"],
    ["a string packet that is not UTF-8", [0x00, 0x02, 0xff, 0x34, 0x80], "ERR_ENGINE_PARSER_INVALID_UTF8"],
    ["a good packet followed by garbage", [0x00, 0x01, 0xff, 0x32, 0x07], "ERR_ENGINE_PARSER_INVALID_MARKER"],
  ])("%s is [ERROR_PACKET]", (_name, input, code) => {
    const payload = Buffer.from(input);
    expect(v3.decodePayload(payload)).toEqual([ERROR_PACKET]);
    expect(codeOf(payload)).toBe(code);
  });

  test("a long run of digit bytes is rejected after the digit cap", () => {
    const payload = Buffer.alloc(1_000_000, 9);
    payload[0] = 0;
    expect(codeOf(payload)).toBe("ERR_ENGINE_PARSER_INVALID_LENGTH");
  });

  test("hasBinaryPacket", () => {
    expect(hasBinaryPacket([{ type: "message", data: "x" }])).toBe(false);
    expect(
      hasBinaryPacket([
        { type: "message", data: "x" },
        { type: "message", data: new ArrayBuffer(0) },
      ]),
    ).toBe(true);
  });

  test("arbitrary bytes never throw and give known types", () => {
    const framed = fc
      .tuple(fc.constantFrom(0, 1), bytes)
      .map(([marker, body]) =>
        Buffer.concat([Buffer.from([marker, ...String(body.length).split("").map(Number), 0xff]), body]),
      );
    fc.assert(
      fc.property(fc.oneof(bytes, framed), fc.constantFrom(undefined, "arraybuffer" as const), (input, binaryType) => {
        for (const packet of v3.decodePayload(input, binaryType)) expect(KNOWN_TYPES).toContain(packet.type);
      }),
      RUNS,
    );
  });

  test("decode(encode(packets)) is the identity (strings through UTF-8)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(anyString), binaryPacketV3), { maxLength: 8 }),
        binaryPacketV3,
        (packets, binary) => {
          const all = [...packets, binary];
          const encoded = v3.encodePayloadSync(all, true);
          expect(Buffer.isBuffer(encoded)).toBe(true);
          expect(v3.decodePayload(encoded).map(plain)).toEqual(all.map((packet) => plain(viaUtf8(packet))));
        },
      ),
      RUNS,
    );
  });
});
