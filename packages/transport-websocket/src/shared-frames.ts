// Frame once, write many: a broadcast hands every recipient the same data with the same write
// options object (`preEncoded: true`). The first recipient's transport builds the complete
// WebSocket frame (header and payload, one Buffer) and leaves it on that options object; every
// other recipient writes that Buffer to its TCP socket as it is. Only for connections of the `ws`
// package this transport ships with, without permessage-deflate (a frame would then have to be
// compressed per connection, by ws, in order).
// Observers of the session's `packetCreate` event (the official server's contract) may read that
// frame as `wsPreEncodedFrame` on the shared options object: a getter installed once per broadcast
// by the first recipient, which frames only when someone reads it.
import type { Duplex } from "node:stream";
import * as wsPackage from "ws";
import type { Codec } from "@socketry/engine";
import type { Packet, PacketOptions } from "@socketry/engine-parser";
import { frameParts } from "./frame.js";

const { WebSocket: WsConnection } = wsPackage as unknown as { WebSocket: typeof wsPackage.WebSocket };

const FRAMES = Symbol("socketry.websocket.frames");
/** Set once exposeSharedFrame has looked at an options object (whether or not it defined the getter). */
const EXPOSED = Symbol("socketry.websocket.exposed");

/** One cached frame: the packet data it was built from, the encoding variant, ws's parts. */
interface CachedFrame {
  data: unknown;
  variant: number;
  frame: Buffer;
  parts: Buffer[];
}
type FrameCarrier = PacketOptions & {
  preEncoded?: boolean;
  wsPreEncodedFrame?: unknown;
  [FRAMES]?: CachedFrame[];
  [EXPOSED]?: true;
};

/** The raw TCP socket of a plain `ws` connection a ready frame may be written to, else null. */
export function rawSocketFor(connection: unknown): Duplex | null {
  if (!(connection instanceof WsConnection)) return null;
  const internals = connection as unknown as { _socket?: Duplex; _extensions?: Record<string, unknown> };
  if (internals._extensions === undefined || Object.keys(internals._extensions).length > 0) return null;
  return internals._socket ?? null;
}

/**
 * The frame for `packet` when its options object is shared by a broadcast, built once per data and
 * variant (the Engine.IO encoding differs by protocol and base64 support); undefined otherwise.
 */
export function sharedFrame(packet: Packet, codec: Codec, supportsBinary: boolean): Buffer | undefined {
  return cachedFrame(packet.type, packet.data, packet.options, codec, supportsBinary)?.frame;
}

/** sharedFrame for a broadcast's message when the session has not built a packet for it. */
export function sharedMessageFrame(
  data: unknown,
  options: PacketOptions,
  codec: Codec,
  supportsBinary: boolean,
): Buffer | undefined {
  return cachedFrame("message", data, options, codec, supportsBinary)?.frame;
}

function cachedFrame(
  type: Packet["type"],
  data: unknown,
  given: PacketOptions | undefined,
  codec: Codec,
  supportsBinary: boolean,
): CachedFrame | undefined {
  const options = given as FrameCarrier | undefined;
  if (options === undefined || options.preEncoded !== true) return undefined;
  const variant = codec.protocol * 2 + (supportsBinary ? 1 : 0);
  let frames = options[FRAMES];
  if (frames !== undefined) {
    // Several frames per options object only for a broadcast of several packets (binary attachments).
    for (const cached of frames) if (cached.data === data && cached.variant === variant) return cached;
  } else {
    // A frozen options object (a custom adapter's) cannot carry the cache: frame per recipient.
    if (!Object.isExtensible(options)) return undefined;
    frames = options[FRAMES] = [];
  }
  const packet = { type, data, options } as Packet;
  const parts = frameParts(codec.encodePacket(packet, supportsBinary));
  const cached: CachedFrame = { data, variant, frame: Buffer.concat(parts), parts };
  frames.push(cached);
  return cached;
}

/**
 * Exposes a broadcast's frame as `wsPreEncodedFrame` (ws's parts, header and payload) on its
 * shared options object, for `packetCreate` observers: once per options object, as a getter that
 * frames on first read, from the cache the writes use. Only when the broadcast's first packet is
 * a string (the transport cannot tell whether binary attachments follow it: an adapter that can,
 * such as socketry's, supplies the option itself); an options object that already carries the
 * option or cannot take it is left alone.
 */
export function exposeSharedFrame(packet: Packet, codec: Codec, supportsBinary: boolean): void {
  const options = packet.options as FrameCarrier | undefined;
  if (options === undefined || options[EXPOSED] !== undefined || "wsPreEncodedFrame" in options) return;
  if (!Object.isExtensible(options)) return;
  options[EXPOSED] = true;
  const { type, data } = packet;
  if (typeof data !== "string") return;
  // The getter keeps what it frames from, not the first recipient's packet.
  Object.defineProperty(options, "wsPreEncodedFrame", {
    configurable: true,
    get: () => cachedFrame(type, data, options, codec, supportsBinary)?.parts,
  });
}
