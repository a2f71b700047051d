import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ERROR_PACKET, decodePayload, encodePayload, encodePayloadSync } from "@socketry/engine-parser";
import {
  KNOWN_TYPES,
  RUNS,
  anyString,
  binaryPacketV4,
  normalized,
  plain,
  separatorFreeString,
  textPacket,
} from "./arbitraries.js";

describe("v4 payloads", () => {
  test("encodes packets joined by 0x1e, binary as base64", () => {
    expect(
      encodePayloadSync([{ type: "message", data: "hello" }, { type: "ping" }, { type: "message", data: "world" }]),
    ).toBe("4hello\x1e2\x1e4world");
    expect(
      encodePayloadSync([
        { type: "message", data: "hello" },
        { type: "message", data: Buffer.from([1, 2, 3]) },
      ]),
    ).toBe("4hello\x1ebAQID");
    expect(encodePayloadSync([])).toBe("");
  });

  test("callback form", () => {
    let result = "";
    encodePayload([{ type: "close" }], (encoded) => (result = encoded));
    expect(result).toBe("1");
  });

  test("decodes each packet", () => {
    expect(decodePayload("4hello\x1e2\x1e4world")).toEqual([
      { type: "message", data: "hello" },
      { type: "ping" },
      { type: "message", data: "world" },
    ]);
    expect(decodePayload("2")).toStrictEqual([{ type: "ping" }]);
  });

  test("a malformed packet becomes ERROR_PACKET and decoding stops there", () => {
    expect(decodePayload("4a\x1e9bad\x1e4c")).toEqual([{ type: "message", data: "a" }, ERROR_PACKET]);
    expect(decodePayload("4a\x1e\x1e4c")).toEqual([{ type: "message", data: "a" }, ERROR_PACKET]);
    expect(decodePayload("4a\x1eb!!\x1e4c")).toEqual([{ type: "message", data: "a" }, ERROR_PACKET]);
    expect(decodePayload("")).toEqual([ERROR_PACKET]);
    expect(decodePayload("4a\x1e")).toEqual([{ type: "message", data: "a" }, ERROR_PACKET]);
  });

  test("a payload of a million separators stops at the first empty packet", () => {
    const packets = decodePayload("\x1e".repeat(1_000_000));
    expect(packets).toEqual([ERROR_PACKET]);
  });

  test("non-string input is [ERROR_PACKET]", () => {
    expect(decodePayload(Buffer.from("4a") as unknown as string)).toEqual([ERROR_PACKET]);
  });

  test("arbitrary strings never throw and give known types", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        for (const packet of decodePayload(text)) expect(KNOWN_TYPES).toContain(packet.type);
      }),
      RUNS,
    );
  });

  test("decode(encode(packets)) is the identity", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(separatorFreeString), binaryPacketV4), { minLength: 1, maxLength: 8 }),
        (packets) => {
          expect(decodePayload(encodePayloadSync(packets)).map(plain)).toEqual(
            packets.map((packet) => plain(normalized(packet))),
          );
        },
      ),
      RUNS,
    );
  });

  test("every packet in a decoded payload is either good or the final ERROR_PACKET", () => {
    fc.assert(
      fc.property(fc.array(anyString, { maxLength: 6 }), (parts) => {
        const packets = decodePayload(parts.join("\x1e"));
        for (const packet of packets.slice(0, -1)) expect(packet).not.toBe(ERROR_PACKET);
      }),
      RUNS,
    );
  });
});
