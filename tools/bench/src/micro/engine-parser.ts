// Engine.IO codec micro-benchmarks: @socketry/engine-parser vs engine.io-parser 5.2.3 (protocol 4)
// and 2.2.1 (protocol 3). Each row does the same work on both sides; results are returned so the
// work cannot be optimised away.
import * as official from "engine.io-parser";
import officialV3 from "engine.io-parser-v3";
import * as socketry from "@socketry/engine-parser";
import type { Packet } from "@socketry/engine-parser";
import type { MicroRow } from "./index.js";

interface OfficialV3 {
  encodePayload(packets: Packet[], supportsBinary: boolean, callback: (encoded: string | Buffer) => void): void;
  decodePayload(data: string | Buffer, binaryType: string | undefined, callback: (packet: Packet) => void): void;
}
const v3Official = officialV3 as unknown as OfficialV3;

// A short Socket.IO event, as the engine sees it: one "message" packet.
const shortText = '42["chat message","hello world"]';
const shortPacket: Packet = { type: "message", data: shortText };
const encodedShort = "4" + shortText;

const threePackets: Packet[] = [
  { type: "message", data: '42["chat message","hello world"]' },
  { type: "message", data: '43["ack",{"ok":true}]' },
  { type: "ping" },
];
const encodedThree = "4" + '42["chat message","hello world"]' + "\x1e" + "4" + '43["ack",{"ok":true}]' + "\x1e" + "2";

const binaryData = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
const binaryPacket: Packet = { type: "message", data: binaryData };
const encodedBase64 = "b" + binaryData.toString("base64");

const v3Text = threePackets;
const v3TextEncoded = socketry.v3.encodePayloadSync(v3Text, false) as string;
const v3Mixed: Packet[] = [
  { type: "message", data: '451-["upload",{"_placeholder":true,"num":0}]' },
  { type: "message", data: binaryData },
];
const v3MixedEncoded = socketry.v3.encodePayloadSync(v3Mixed, true) as Buffer;

let sink: unknown;
const keep = (value: unknown) => (sink = value);

const rows: MicroRow[] = [
  {
    name: "decodePacket short text message",
    socketry: () => socketry.decodePacket(encodedShort),
    official: () => official.decodePacket(encodedShort),
  },
  {
    name: "encodePacket short text message",
    socketry: () => socketry.encodePacketSync(shortPacket, true),
    official: () => {
      official.encodePacket(shortPacket as official.Packet, true, keep);
      return sink;
    },
  },
  {
    name: "encodePayload 3 packets",
    socketry: () => socketry.encodePayloadSync(threePackets),
    official: () => {
      official.encodePayload(threePackets as official.Packet[], keep);
      return sink;
    },
  },
  {
    name: "decodePayload 3 packets",
    socketry: () => socketry.decodePayload(encodedThree),
    official: () => official.decodePayload(encodedThree),
  },
  {
    name: "decodePacket binary (64 B Buffer frame)",
    socketry: () => socketry.decodePacket(binaryData),
    official: () => official.decodePacket(binaryData),
  },
  {
    name: "decodePacket binary (64 B base64 'b' packet)",
    socketry: () => socketry.decodePacket(encodedBase64),
    official: () => official.decodePacket(encodedBase64),
  },
  {
    name: "encodePacket binary as base64 (64 B)",
    socketry: () => socketry.encodePacketSync(binaryPacket, false),
    official: () => {
      official.encodePacket(binaryPacket as official.Packet, false, keep);
      return sink;
    },
  },
  {
    name: "v3 encodePayload 3 text packets",
    socketry: () => socketry.v3.encodePayloadSync(v3Text, false),
    official: () => {
      v3Official.encodePayload(v3Text, false, keep);
      return sink;
    },
  },
  {
    name: "v3 decodePayload 3 text packets",
    socketry: () => socketry.v3.decodePayload(v3TextEncoded),
    official: () => {
      const packets: Packet[] = [];
      v3Official.decodePayload(v3TextEncoded, undefined, (packet) => void packets.push(packet));
      return packets;
    },
  },
  {
    name: "v3 encodePayload text + binary (binary form)",
    socketry: () => socketry.v3.encodePayloadSync(v3Mixed, true),
    official: () => {
      v3Official.encodePayload(v3Mixed, true, keep);
      return sink;
    },
  },
  {
    name: "v3 decodePayload text + binary (binary form)",
    socketry: () => socketry.v3.decodePayload(v3MixedEncoded),
    official: () => {
      const packets: Packet[] = [];
      v3Official.decodePayload(v3MixedEncoded, undefined, (packet) => void packets.push(packet));
      return packets;
    },
  },
];

export default rows;
