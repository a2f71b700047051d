// The rows shared by the Socket.IO codec suites: encode and decode of the same typical packets
// with socketry's codec and the official one. Not in micro/ (every file there is a suite).
import type { MicroRow } from "./micro/index.js";

interface CodecPacket {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

/** The socket.io-parser shape every Socket.IO codec has. */
export interface Codec {
  // biome-ignore lint/suspicious/noExplicitAny: each codec types its packets its own way; the rows feed them the same values
  Encoder: new () => { encode(packet: any): unknown[] };
  // biome-ignore lint/suspicious/noExplicitAny: each codec types its input its own way (string, Buffer, ArrayBuffer)
  Decoder: new () => { add(chunk: any): void; on(event: "decoded", fn: (packet: unknown) => void): unknown };
}

const EVENT = 2;
const ACK = 3;
const smallEvent: CodecPacket = { type: EVENT, nsp: "/", data: ["chat", { user: "ann", text: "hello" }] };
const binaryEvent: CodecPacket = { type: EVENT, nsp: "/", data: ["upload", Buffer.alloc(1024, 7)] };
const ack: CodecPacket = { type: ACK, nsp: "/", id: 42, data: [{ status: "ok", count: 3 }] };

export function codecRows(socketry: Codec, official: Codec): MicroRow[] {
  const encoders = { socketry: new socketry.Encoder(), official: new official.Encoder() };
  // Decoders live across iterations (as on a connection); the listener keeps the last packet.
  let sink: unknown;
  const decoders = { socketry: new socketry.Decoder(), official: new official.Decoder() };
  decoders.socketry.on("decoded", (packet) => (sink = packet));
  decoders.official.on("decoded", (packet) => (sink = packet));

  const encodeRow = (name: string, packet: CodecPacket): MicroRow => ({
    name,
    socketry: () => encoders.socketry.encode(packet),
    official: () => encoders.official.encode(packet),
  });
  const decodeRow = (name: string, packet: CodecPacket): MicroRow => {
    const chunks = encoders.socketry.encode(packet);
    const feed = (decoder: { add(chunk: unknown): void }) => () => {
      for (const chunk of chunks) decoder.add(chunk);
      return sink;
    };
    return { name, socketry: feed(decoders.socketry), official: feed(decoders.official) };
  };
  return [
    encodeRow("encode small event", smallEvent),
    decodeRow("decode small event", smallEvent),
    encodeRow("encode event + 1 KiB binary", binaryEvent),
    decodeRow("decode event + 1 KiB binary", binaryEvent),
    encodeRow("encode ack", ack),
    decodeRow("decode ack", ack),
  ];
}
