/** The public packet model shared by protocol v4 and v3 (same shape as engine.io-parser's). */

export type PacketType = "open" | "close" | "ping" | "pong" | "message" | "upgrade" | "noop" | "error";

/** How decoded binary data is handed back: a Node Buffer (default) or an ArrayBuffer. */
export type BinaryType = "nodebuffer" | "arraybuffer";

export type RawData = string | Buffer | ArrayBuffer | ArrayBufferView;

export interface PacketOptions {
  compress?: boolean;
}

export interface Packet {
  type: PacketType;
  data?: RawData;
  options?: PacketOptions;
}
