// One codec object per protocol version, so transports and sessions call the same four functions
// whatever the client speaks (v3 only reaches this when allowEIO3 is on).
import * as parser from "@socketry/engine-parser";
import type { Packet, RawData } from "@socketry/engine-parser";

export type ProtocolVersion = 3 | 4;

export interface Codec {
  readonly protocol: ProtocolVersion;
  encodePacket(packet: Packet, supportsBinary: boolean): string | Buffer;
  decodePacket(data: RawData): Packet;
  /** A polling payload: a string, or (v3 binary-capable clients only) a Buffer. */
  encodePayload(packets: Packet[], supportsBinary: boolean): string | Buffer;
  decodePayload(data: string | Buffer): Packet[];
}

const v4: Codec = {
  protocol: 4,
  encodePacket: (packet, supportsBinary) => parser.encodePacketSync(packet, supportsBinary),
  decodePacket: (data) => parser.decodePacket(data, "nodebuffer"),
  encodePayload: (packets) => parser.encodePayloadSync(packets),
  decodePayload: (data) => parser.decodePayload(typeof data === "string" ? data : data.toString("utf8"), "nodebuffer"),
};

const v3: Codec = {
  protocol: 3,
  encodePacket: (packet, supportsBinary) => parser.v3.encodePacketSync(packet, supportsBinary),
  decodePacket: (data) => parser.v3.decodePacket(data, "nodebuffer"),
  encodePayload: (packets, supportsBinary) => parser.v3.encodePayloadSync(packets, supportsBinary),
  decodePayload: (data) => parser.v3.decodePayload(data, "nodebuffer"),
};

export function codecFor(protocol: ProtocolVersion): Codec {
  return protocol === 3 ? v3 : v4;
}
