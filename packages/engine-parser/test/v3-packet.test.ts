import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ERROR_PACKET, type RawData } from "@socketry/engine-parser";
import * as v3 from "@socketry/engine-parser/v3";
import { KNOWN_TYPES, RUNS, anyString, binaryPacketV3, bytes, normalized, plain, textPacket } from "./arbitraries.js";

describe("v3 packets", () => {
  test("text packets are '<digit><data>'", () => {
    expect(v3.encodePacketSync({ type: "message", data: "hello" }, true)).toBe("4hello");
    expect(v3.encodePacketSync({ type: "ping" }, false)).toBe("2");
    expect(v3.decodePacket("4hello")).toEqual({ type: "message", data: "hello" });
    expect(v3.decodePacket("2")).toStrictEqual({ type: "ping" });
  });

  test("binary with binary support: [type byte][bytes], whatever the binary kind", () => {
    expect([...(v3.encodePacketSync({ type: "message", data: Buffer.from([1, 2, 3]) }, true) as Buffer)]).toEqual([
      4, 1, 2, 3,
    ]);
    expect([...(v3.encodePacketSync({ type: "ping", data: new Uint8Array([9]) }, true) as Buffer)]).toEqual([2, 9]);
    expect([...(v3.encodePacketSync({ type: "message", data: new ArrayBuffer(2) }, true) as Buffer)]).toEqual([
      4, 0, 0,
    ]);
  });

  test("binary without binary support: 'b<digit><base64>'", () => {
    expect(v3.encodePacketSync({ type: "message", data: Buffer.from([1, 2, 3, 4]) }, false)).toBe("b4AQIDBA==");
    expect(v3.decodePacket("b4AQIDBA==")).toEqual({ type: "message", data: Buffer.from([1, 2, 3, 4]) });
    expect(v3.decodePacket("b2")).toEqual({ type: "ping", data: Buffer.alloc(0) });
  });

  test("binary input keeps its type byte; nodebuffer views, arraybuffer is exact", () => {
    const input = Buffer.from([4, 7, 8]);
    const packet = v3.decodePacket(input);
    expect(packet.type).toBe("message");
    expect((packet.data as Buffer).buffer).toBe(input.buffer);
    expect([...(packet.data as Buffer)]).toEqual([7, 8]);
    const exact = v3.decodePacket(input, "arraybuffer").data as ArrayBuffer;
    expect(exact).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(exact)]).toEqual([7, 8]);
    const fromArrayBuffer = v3.decodePacket(new Uint8Array([3, 5]).buffer);
    expect(fromArrayBuffer.type).toBe("pong");
  });

  test.each([
    ["an empty string", ""],
    ["an unknown digit", "9x"],
    ["'b' without a type", "b"],
    ["'b' with a bad type", "bxAQID"],
    ["'b' with invalid base64", "b4A*ID"],
    ["an empty Buffer", Buffer.alloc(0)],
    ["a Buffer with type byte 7", Buffer.from([7, 1])],
    ["a Buffer with type byte 0x34 ('4' as text)", Buffer.from([0x34, 1])],
    ["a number", 5 as unknown as RawData],
  ] as Array<[string, RawData]>)("%s is ERROR_PACKET", (_name, input) => {
    expect(v3.decodePacket(input)).toBe(ERROR_PACKET);
  });

  test("arbitrary strings and bytes never throw and give a known type", () => {
    fc.assert(
      fc.property(
        fc.oneof(anyString, bytes),
        fc.constantFrom(undefined, "arraybuffer" as const),
        (input, binaryType) => {
          expect(KNOWN_TYPES).toContain(v3.decodePacket(input, binaryType).type);
        },
      ),
      RUNS,
    );
  });

  test("decode(encode(packet)) is the identity, text and binary", () => {
    fc.assert(
      fc.property(fc.oneof(textPacket(), binaryPacketV3), fc.boolean(), (packet, supportsBinary) => {
        expect(plain(v3.decodePacket(v3.encodePacketSync(packet, supportsBinary)))).toEqual(plain(normalized(packet)));
      }),
      RUNS,
    );
  });
});
