// Shared fast-check arbitraries and helpers for the engine-parser tests.
import fc from "fast-check";
import type { Packet, PacketType } from "@socketry/engine-parser";

export const WIRE_TYPES: PacketType[] = ["open", "close", "ping", "pong", "message", "upgrade", "noop"];
export const KNOWN_TYPES: PacketType[] = [...WIRE_TYPES, "error"];

/** Bounded runs: the machine is shared. */
export const RUNS = { numRuns: 300 };

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Strings of arbitrary code units (lone surrogates included). */
export const anyString = fc.string({ unit: codeUnit, maxLength: 60 });
/** Strings of whole code points, mostly ASCII with some full-Unicode ones. */
export const wellFormedString = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 30 }));
/** v4 payload data may not contain the record separator. */
export const separatorFreeString = anyString.map((text) => text.replaceAll("\x1e", ""));

export const wireType = fc.constantFrom(...WIRE_TYPES);
export const bytes = fc.uint8Array({ maxLength: 80 }).map((array) => Buffer.from(array));

/** A text packet of any wire type, with or without data. */
export function textPacket(text: fc.Arbitrary<string> = anyString): fc.Arbitrary<Packet> {
  return fc
    .tuple(wireType, fc.option(text, { nil: undefined }))
    .map(([type, data]) => (data === undefined ? { type } : { type, data }));
}

/** A v4 binary packet (binary is always a "message" in v4). */
export const binaryPacketV4: fc.Arbitrary<Packet> = bytes.map((data) => ({ type: "message", data }));
/** A v3 binary packet (any type). */
export const binaryPacketV3: fc.Arbitrary<Packet> = fc.tuple(wireType, bytes).map(([type, data]) => ({ type, data }));

/** What a text packet decodes back to: empty data is absent on the wire. */
export function normalized(packet: Packet): Packet {
  return packet.data === undefined || packet.data === ""
    ? { type: packet.type }
    : { type: packet.type, data: packet.data };
}

/** What a v3 binary payload carries for a string: UTF-8, so a lone surrogate becomes U+FFFD. */
export function viaUtf8(packet: Packet): Packet {
  const base = normalized(packet);
  return typeof base.data === "string"
    ? { type: base.type, data: Buffer.from(base.data, "utf8").toString("utf8") }
    : base;
}

/** Plain comparable form: Buffers/ArrayBuffers as byte arrays. */
export function plain(packet: { type: string; data?: unknown }): { type: string; data?: unknown } {
  const data = packet.data;
  if (data === undefined) return { type: packet.type };
  if (data instanceof ArrayBuffer) return { type: packet.type, data: [...new Uint8Array(data)] };
  if (ArrayBuffer.isView(data))
    return { type: packet.type, data: [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)] };
  return { type: packet.type, data };
}
