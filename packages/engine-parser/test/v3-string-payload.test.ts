import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ERROR_PACKET } from "@socketry/engine-parser";
import * as v3 from "@socketry/engine-parser/v3";
import { decodeStringPayload } from "../src/v3/string-payload.js";
import { KNOWN_TYPES, RUNS, anyString, binaryPacketV3, normalized, plain, textPacket } from "./arbitraries.js";

function codeOf(text: string): string | undefined {
  try {
    decodeStringPayload(text, undefined);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("v3 text payloads", () => {
  test("'<length>:<packet>' with the length in UTF-16 code units", () => {
    expect(
      v3.encodePayloadSync(
        [
          { type: "message", data: "hello" },
          { type: "message", data: "€" },
        ],
        false,
      ),
    ).toBe("6:4hello2:4€");
    expect(v3.encodePayloadSync([{ type: "message", data: "\u{1f600}" }], false)).toBe("3:4\u{1f600}");
    expect(v3.encodePayloadSync([], false)).toBe("0:");
    expect(v3.decodePayload("6:4hello2:4€")).toEqual([
      { type: "message", data: "hello" },
      { type: "message", data: "€" },
    ]);
  });

  test("without binary support, binary is 'b<digit><base64>' inside the payload", () => {
    expect(v3.encodePayloadSync([{ type: "message", data: Buffer.from([1, 2, 3, 4]) }], false)).toBe("10:b4AQIDBA==");
  });

  test("with binary support but no binary packet, the text form is used", () => {
    expect(v3.encodePayloadSync([{ type: "message", data: "hi" }], true)).toBe("3:4hi");
  });

  test("'0:' fields carry no packet", () => {
    expect(v3.decodePayload("0:")).toEqual([]);
    expect(v3.decodePayload("0:2:4a")).toEqual([{ type: "message", data: "a" }]);
  });

  test.each([
    ["an empty payload", "", "ERR_ENGINE_PARSER_EMPTY_PAYLOAD"],
    ["a length that is not decimal", "1e1:4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a hexadecimal length", "0x6:4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a signed length", "+6:4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a length with spaces", " 6:4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["an empty length", ":4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a length with 11 digits", "00000000006:4hello", "ERR_ENGINE_PARSER_INVALID_LENGTH"],
    ["a length that overruns the data", "7:4hello", "ERR_ENGINE_PARSER_LENGTH_OVERRUN"],
    ["a huge length", "9999999999:4", "ERR_ENGINE_PARSER_LENGTH_OVERRUN"],
    ["a length without ':'", "6:4hello12", "ERR_ENGINE_PARSER_UNTERMINATED_LENGTH"],
    ["a malformed packet", "6:4hello2:9x", "ERR_ENGINE_PARSER_INVALID_PACKET"],
    ["a packet with invalid base64", "4:b4!!", "ERR_ENGINE_PARSER_INVALID_PACKET"],
  ])("%s is [ERROR_PACKET]", (_name, input, code) => {
    expect(v3.decodePayload(input)).toEqual([ERROR_PACKET]);
    expect(v3.decodePayload(input)[0]).toBe(ERROR_PACKET);
    expect(codeOf(input)).toBe(code);
  });

  test("a length of ten digits and leading zeros are still decimal", () => {
    expect(v3.decodePayload("0000000006:4hello")).toEqual([{ type: "message", data: "hello" }]);
  });

  test("a long run of digits is rejected after the digit cap, without reading it all", () => {
    expect(v3.decodePayload("9".repeat(1_000_000))).toEqual([ERROR_PACKET]);
  });

  test("arbitrary strings never throw and give known types", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          anyString.map((text) => `${text.length}:${text}`),
        ),
        (text) => {
          for (const packet of v3.decodePayload(text)) expect(KNOWN_TYPES).toContain(packet.type);
        },
      ),
      RUNS,
    );
  });

  test("decode(encode(packets)) is the identity", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(textPacket(), binaryPacketV3), { maxLength: 8 }), (packets) => {
        const encoded = v3.encodePayloadSync(packets, false);
        expect(typeof encoded).toBe("string");
        // An empty text packet ("<digit>") still has length 1, so every packet survives.
        expect(v3.decodePayload(encoded).map(plain)).toEqual(packets.map((packet) => plain(normalized(packet))));
      }),
      RUNS,
    );
  });
});
