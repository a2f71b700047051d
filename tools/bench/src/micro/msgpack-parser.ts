// @socketry/msgpack-parser vs socket.io-msgpack-parser: encode and decode of typical packets.
import { Decoder, Encoder, PacketType, type Packet } from "@socketry/msgpack-parser";
import * as official from "socket.io-msgpack-parser";
import type { MicroRow } from "./index.js";

const smallEvent: Packet = { type: PacketType.EVENT, nsp: "/", data: ["chat", { user: "ann", text: "hello" }] };
const binaryEvent: Packet = { type: PacketType.EVENT, nsp: "/", data: ["upload", Buffer.alloc(1024, 7)] };
const ack: Packet = { type: PacketType.ACK, nsp: "/", id: 42, data: [{ status: "ok", count: 3 }] };

const encoder = new Encoder();
const officialEncoder = new official.Encoder();

let sink: unknown;
const decoder = new Decoder();
decoder.on("decoded", (packet) => (sink = packet));
const officialDecoder = new official.Decoder();
officialDecoder.on("decoded", (packet: unknown) => (sink = packet));

function decodeRow(name: string, packet: Packet): MicroRow {
  const [bytes] = encoder.encode(packet);
  return {
    name,
    socketry: () => {
      decoder.add(bytes!);
      return sink;
    },
    official: () => {
      officialDecoder.add(bytes);
      return sink;
    },
  };
}

const rows: MicroRow[] = [
  { name: "encode small event", socketry: () => encoder.encode(smallEvent), official: () => officialEncoder.encode(smallEvent) },
  decodeRow("decode small event", smallEvent),
  { name: "encode event + 1 KiB binary", socketry: () => encoder.encode(binaryEvent), official: () => officialEncoder.encode(binaryEvent) },
  decodeRow("decode event + 1 KiB binary", binaryEvent),
  { name: "encode ack", socketry: () => encoder.encode(ack), official: () => officialEncoder.encode(ack) },
  decodeRow("decode ack", ack),
];

export default rows;
