import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ERROR_PACKET, decodePacket, encodePacketSync, type RawData } from "@socketry/engine-parser";
import { decodeTextRange } from "../src/v4/decode.js";
import { KNOWN_TYPES, RUNS, anyString, binaryPacketV4, bytes, normalized, plain, textPacket } from "./arbitraries.js";

describe("v4 decodePacket", () => {
  test("text packets", () => {
    expect(decodePacket("4hello")).toEqual({ type: "message", data: "hello" });
    expect(decodePacket("2probe")).toEqual({ type: "ping", data: "probe" });
    expect(decodePacket("3")).toStrictEqual({ type: "pong" });
    expect(decodePacket("6")).toStrictEqual({ type: "noop" });
  });

  test.each([
    ["an empty string", ""],
    ["an unknown digit", "7hello"],
    ["a letter type", "xhello"],
    ["invalid base64", "b!!!!"],
    ["base64 with a lone 6-bit group", "bAQIDB"],
  ])("%s is ERROR_PACKET", (_name, input) => {
    expect(decodePacket(input)).toBe(ERROR_PACKET);
  });

  test("non-RawData input is ERROR_PACKET, not an exception", () => {
    for (const junk of [undefined, null, 42, {}, [1]])
      expect(decodePacket(junk as unknown as RawData)).toBe(ERROR_PACKET);
  });

  test("base64 packets are binary messages", () => {
    expect(decodePacket("bAQIDBA==")).toEqual({ type: "message", data: Buffer.from([1, 2, 3, 4]) });
    expect(decodePacket("b")).toEqual({ type: "message", data: Buffer.alloc(0) });
    const packet = decodePacket("bAQIDBA==", "arraybuffer");
    expect(packet.data).toBeInstanceOf(ArrayBuffer);
    expect((packet.data as ArrayBuffer).byteLength).toBe(4);
  });

  test("binary input is a message; a Buffer is returned as is, not copied", () => {
    const data = Buffer.from([1, 2, 3]);
    expect(decodePacket(data).data).toBe(data);
    expect(decodePacket(data, "nodebuffer")).toEqual({ type: "message", data });
  });

  test("ArrayBuffer and typed-array input are viewed for nodebuffer", () => {
    const backing = new ArrayBuffer(5);
    const fromArrayBuffer = decodePacket(backing).data as Buffer;
    expect(Buffer.isBuffer(fromArrayBuffer)).toBe(true);
    expect(fromArrayBuffer.buffer).toBe(backing);
    const view = new Uint8Array(backing, 1, 3);
    const fromView = decodePacket(view, "nodebuffer").data as Buffer;
    expect(fromView.buffer).toBe(backing);
    expect(fromView.byteOffset).toBe(1);
    expect(fromView.length).toBe(3);
  });

  test("arraybuffer returns exactly the packet's bytes", () => {
    const backing = new ArrayBuffer(5);
    new Uint8Array(backing).set([1, 2, 3, 4, 5]);
    expect(decodePacket(backing, "arraybuffer").data).toBe(backing);
    const part = decodePacket(new Uint8Array(backing, 1, 3), "arraybuffer").data as ArrayBuffer;
    expect([...new Uint8Array(part)]).toEqual([2, 3, 4]);
    const pooled = decodePacket(Buffer.from([6, 7]), "arraybuffer").data as ArrayBuffer;
    expect(pooled.byteLength).toBe(2);
  });

  test("arbitrary strings and bytes never throw and give a known type", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          anyString.map((text) => "b" + text),
          bytes,
        ),
        fc.constantFrom(undefined, "nodebuffer", "arraybuffer" as const),
        (input, binaryType) => {
          const packet = decodePacket(input, binaryType);
          expect(KNOWN_TYPES).toContain(packet.type);
        },
      ),
      RUNS,
    );
  });

  test("decode(encode(packet)) is the identity, with and without binary support", () => {
    fc.assert(
      fc.property(fc.oneof(textPacket(), binaryPacketV4), fc.boolean(), (packet, supportsBinary) => {
        expect(plain(decodePacket(encodePacketSync(packet, supportsBinary)))).toEqual(plain(normalized(packet)));
      }),
      RUNS,
    );
  });
});

describe("v4 decodeTextRange", () => {
  test("decodes a packet inside a larger string", () => {
    const text = "4hello\x1e2\x1ebAQID";
    expect(decodeTextRange(text, 0, 6, undefined)).toEqual({ type: "message", data: "hello" });
    expect(decodeTextRange(text, 7, 8, undefined)).toStrictEqual({ type: "ping" });
    expect(decodeTextRange(text, 9, 14, undefined)).toEqual({ type: "message", data: Buffer.from([1, 2, 3]) });
    expect(decodeTextRange(text, 6, 6, undefined)).toBe(ERROR_PACKET);
  });
});
