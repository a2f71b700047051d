// Cross-checks against the official parsers: engine.io-parser 5.2.3 (protocol 4) and 2.2.1
// (protocol 3, installed as "engine.io-parser-v3"). For generated packets, the encodings are the
// same, socketry's encoding decodes with theirs and theirs with socketry's, to the same value.
import fc from "fast-check";
import * as official from "engine.io-parser";
import officialV3 from "engine.io-parser-v3";
import { describe, expect, test } from "vitest";
import * as socketry from "@socketry/engine-parser";
import type { Packet } from "@socketry/engine-parser";
import {
  RUNS,
  anyString,
  binaryPacketV3,
  binaryPacketV4,
  bytes,
  normalized,
  plain,
  separatorFreeString,
  textPacket,
  viaUtf8,
} from "./arbitraries.js";

const v3 = socketry.v3;

function officialEncodeV4(packet: Packet, supportsBinary: boolean): unknown {
  let result: unknown;
  official.encodePacket(packet as official.Packet, supportsBinary, (encoded) => (result = encoded));
  return result;
}

function officialEncodePayloadV4(packets: Packet[]): string {
  let result = "";
  official.encodePayload(packets as official.Packet[], (encoded) => (result = encoded));
  return result;
}

function officialEncodeV3(packet: Packet, supportsBinary: boolean): string | Buffer {
  let result: string | Buffer = "";
  officialV3.encodePacket(packet, supportsBinary, false, (encoded) => (result = encoded));
  return result;
}

function officialEncodePayloadV3(packets: Packet[], supportsBinary: boolean): string | Buffer {
  let result: string | Buffer = "";
  officialV3.encodePayload(packets, supportsBinary, (encoded) => (result = encoded));
  return result;
}

/** The official v3 decoder reports packets through a callback; an error aborts the payload. */
function officialDecodePayloadV3(data: string | Buffer, binaryType?: string): Array<{ type: string; data?: unknown }> {
  const packets: Array<{ type: string; data?: unknown }> = [];
  officialV3.decodePayload(data, binaryType, (packet) => {
    packets.push(packet);
  });
  return packets;
}

/** Byte-level view of either encoding, for equality. */
function wire(encoded: unknown): unknown {
  if (typeof encoded === "string") return encoded;
  const view = encoded as ArrayBufferView | ArrayBuffer;
  return ArrayBuffer.isView(view)
    ? [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]
    : [...new Uint8Array(view)];
}

describe("cross-check with engine.io-parser 5.2.3 (protocol 4)", () => {
  const packetV4 = fc.oneof(textPacket(), binaryPacketV4);
  const binaryType = fc.constantFrom(undefined, "nodebuffer" as const, "arraybuffer" as const);

  test("packets: same encoding, and each side decodes the other's to the same value", () => {
    fc.assert(
      fc.property(packetV4, fc.boolean(), binaryType, (packet, supportsBinary, type) => {
        const ours = socketry.encodePacketSync(packet, supportsBinary);
        const theirs = officialEncodeV4(packet, supportsBinary);
        expect(wire(ours)).toEqual(wire(theirs));
        const expected = plain(normalized(packet));
        expect(plain(official.decodePacket(ours, type))).toEqual(expected);
        expect(plain(socketry.decodePacket(theirs as string | Buffer, type))).toEqual(expected);
      }),
      RUNS,
    );
  });

  test("payloads: same encoding, and each side decodes the other's to the same value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(separatorFreeString), binaryPacketV4), { minLength: 1, maxLength: 8 }),
        binaryType,
        (packets, type) => {
          const ours = socketry.encodePayloadSync(packets);
          const theirs = officialEncodePayloadV4(packets);
          expect(ours).toBe(theirs);
          const expected = packets.map((packet) => plain(normalized(packet)));
          expect(official.decodePayload(ours, type).map(plain)).toEqual(expected);
          expect(socketry.decodePayload(theirs, type).map(plain)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  test("arbitrary text: whatever socketry accepts, the official parser decodes to the same value", () => {
    const candidate = fc.oneof(
      anyString,
      anyString.map((text) => "b" + text),
      bytes.map((data) => "b" + data.toString("base64")),
    );
    fc.assert(
      fc.property(candidate, (text) => {
        const ours = socketry.decodePacket(text);
        if (ours !== socketry.ERROR_PACKET) expect(plain(official.decodePacket(text))).toEqual(plain(ours));
        else expect(text.startsWith("b") || official.decodePacket(text).type === "error").toBe(true);
      }),
      RUNS,
    );
  });
});

describe("cross-check with engine.io-parser 2.2.1 (protocol 3)", () => {
  const packetV3 = fc.oneof(textPacket(), binaryPacketV3);

  test("packets: same encoding, and each side decodes the other's to the same value", () => {
    fc.assert(
      fc.property(packetV3, fc.boolean(), (packet, supportsBinary) => {
        const ours = v3.encodePacketSync(packet, supportsBinary);
        const theirs = officialEncodeV3(packet, supportsBinary);
        expect(wire(ours)).toEqual(wire(theirs));
        const expected = plain(normalized(packet));
        expect(plain(officialV3.decodePacket(ours))).toEqual(expected);
        expect(plain(v3.decodePacket(theirs))).toEqual(expected);
        expect(plain(officialV3.decodePacket(ours, "arraybuffer"))).toEqual(expected);
        expect(plain(v3.decodePacket(theirs, "arraybuffer"))).toEqual(expected);
      }),
      RUNS,
    );
  });

  test("text payloads: same encoding (lengths in UTF-16 units), decoded alike both ways", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(textPacket(), binaryPacketV3), { maxLength: 8 }), (packets) => {
        const ours = v3.encodePayloadSync(packets, false);
        const theirs = officialEncodePayloadV3(packets, false);
        expect(ours).toBe(theirs);
        const expected = packets.map((packet) => plain(normalized(packet)));
        expect(officialDecodePayloadV3(ours).map(plain)).toEqual(expected);
        expect(v3.decodePayload(theirs).map(plain)).toEqual(expected);
      }),
      RUNS,
    );
  });

  test("binary payloads: same bytes (UTF-8 strings, type bytes), decoded alike both ways", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(textPacket(anyString), binaryPacketV3), { maxLength: 8 }),
        binaryPacketV3,
        fc.boolean(),
        (packets, binary, binaryFirst) => {
          const all = binaryFirst ? [binary, ...packets] : [...packets, binary];
          const ours = v3.encodePayloadSync(all, true);
          const theirs = officialEncodePayloadV3(all, true);
          expect(Buffer.isBuffer(ours)).toBe(true);
          expect(wire(ours)).toEqual(wire(theirs));
          const expected = all.map((packet) => plain(viaUtf8(packet)));
          expect(officialDecodePayloadV3(ours).map(plain)).toEqual(expected);
          expect(v3.decodePayload(theirs).map(plain)).toEqual(expected);
          expect(v3.decodePayload(theirs, "arraybuffer").map(plain)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  test("arbitrary payloads: whatever socketry accepts, the official parser decodes to the same value", () => {
    const text = fc.oneof(
      anyString,
      anyString.map((body) => `${body.length}:${body}`),
    );
    const binary = fc
      .tuple(fc.constantFrom(0, 1), bytes)
      .map(([marker, body]) =>
        Buffer.concat([Buffer.from([marker, ...String(body.length).split("").map(Number), 0xff]), body]),
      );
    fc.assert(
      fc.property(fc.oneof(text, binary), (input) => {
        const ours = v3.decodePayload(input);
        if (ours.length === 1 && ours[0] === socketry.ERROR_PACKET) return;
        expect(officialDecodePayloadV3(input).map(plain)).toEqual(ours.map(plain));
      }),
      RUNS,
    );
  });
});
