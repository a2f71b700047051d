// Every example packet of the Socket.IO protocol v5 specification ("Packet encoding" and the
// sample session), encoded and decoded.
import { describe, expect, it } from "vitest";
import { Encoder, PacketType, type Packet } from "../src/index.js";
import { decodeAll } from "./helpers.js";

const bin = (...bytes: number[]) => Buffer.from(bytes);

interface Vector {
  packet: Packet;
  encoded: Array<string | Buffer>;
}

const vectors: Vector[] = [
  // connection to a namespace
  { packet: { type: PacketType.CONNECT, nsp: "/" }, encoded: ["0"] },
  {
    packet: { type: PacketType.CONNECT, nsp: "/", data: { sid: "wZX3oN0bSVIhsaknAAAI" } },
    encoded: ['0{"sid":"wZX3oN0bSVIhsaknAAAI"}'],
  },
  { packet: { type: PacketType.CONNECT, nsp: "/admin" }, encoded: ["0/admin,"] },
  {
    packet: { type: PacketType.CONNECT, nsp: "/admin", data: { sid: "oSO0OpakMV_3jnilAAAA" } },
    encoded: ['0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}'],
  },
  {
    packet: { type: PacketType.CONNECT_ERROR, nsp: "/", data: { message: "Not authorized" } },
    encoded: ['4{"message":"Not authorized"}'],
  },
  // sending and receiving data
  { packet: { type: PacketType.EVENT, nsp: "/", data: ["foo"] }, encoded: ['2["foo"]'] },
  { packet: { type: PacketType.EVENT, nsp: "/admin", data: ["bar"] }, encoded: ['2/admin,["bar"]'] },
  {
    packet: { type: PacketType.EVENT, nsp: "/", data: ["baz", bin(1, 2, 3, 4)] },
    encoded: ['51-["baz",{"_placeholder":true,"num":0}]', bin(1, 2, 3, 4)],
  },
  {
    packet: { type: PacketType.EVENT, nsp: "/admin", data: ["baz", bin(1, 2), bin(3, 4)] },
    encoded: ['52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', bin(1, 2), bin(3, 4)],
  },
  // acknowledgement
  { packet: { type: PacketType.EVENT, nsp: "/", data: ["foo"], id: 12 }, encoded: ['212["foo"]'] },
  { packet: { type: PacketType.ACK, nsp: "/", data: [], id: 12 }, encoded: ["312[]"] },
  { packet: { type: PacketType.EVENT, nsp: "/admin", data: ["foo"], id: 13 }, encoded: ['2/admin,13["foo"]'] },
  { packet: { type: PacketType.ACK, nsp: "/admin", data: ["bar"], id: 13 }, encoded: ['3/admin,13["bar"]'] },
  {
    packet: { type: PacketType.EVENT, nsp: "/", data: ["foo", bin(1, 2, 3, 4)], id: 14 },
    encoded: ['51-14["foo",{"_placeholder":true,"num":0}]', bin(1, 2, 3, 4)],
  },
  { packet: { type: PacketType.ACK, nsp: "/", data: ["bar"], id: 14 }, encoded: ['314["bar"]'] },
  { packet: { type: PacketType.EVENT, nsp: "/", data: ["foo"], id: 15 }, encoded: ['215["foo"]'] },
  {
    packet: { type: PacketType.ACK, nsp: "/", data: ["bar", bin(1, 2, 3, 4)], id: 15 },
    encoded: ['61-15["bar",{"_placeholder":true,"num":0}]', bin(1, 2, 3, 4)],
  },
  // disconnection from a namespace
  { packet: { type: PacketType.DISCONNECT, nsp: "/" }, encoded: ["1"] },
  { packet: { type: PacketType.DISCONNECT, nsp: "/admin" }, encoded: ["1/admin,"] },
  // sample session (without the Engine.IO "4" prefix)
  { packet: { type: PacketType.EVENT, nsp: "/", data: ["hey", "Jude"] }, encoded: ['2["hey","Jude"]'] },
  { packet: { type: PacketType.EVENT, nsp: "/", data: ["hello"] }, encoded: ['2["hello"]'] },
  {
    packet: { type: PacketType.CONNECT, nsp: "/admin", data: { sid: "-G5j-67EZFp-q59rADQM" } },
    encoded: ['0/admin,{"sid":"-G5j-67EZFp-q59rADQM"}'],
  },
  { packet: { type: PacketType.EVENT, nsp: "/admin", data: ["tellme"], id: 1 }, encoded: ['2/admin,1["tellme"]'] },
  {
    packet: { type: PacketType.ACK, nsp: "/admin", data: [bin(0xca, 0xfe)], id: 1 },
    encoded: ['61-/admin,1[{"_placeholder":true,"num":0}]', bin(0xca, 0xfe)],
  },
];

describe("protocol v5 specification examples", () => {
  const encoder = new Encoder();
  for (const { packet, encoded } of vectors) {
    it(`encodes ${JSON.stringify(encoded[0])}`, () => {
      expect(encoder.encode(packet)).toEqual(encoded);
    });
    it(`decodes ${JSON.stringify(encoded[0])}`, () => {
      expect(decodeAll(encoded)).toEqual([packet]);
    });
  }
});
