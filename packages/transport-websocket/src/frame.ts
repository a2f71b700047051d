// The one place socketry builds a WebSocket frame for a ready Engine.IO packet: ws's own framing
// (`Sender.frame`), final and unmasked, as a server sends it.
import * as wsPackage from "ws";
import { encodePacketSync } from "@socketry/engine-parser";

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}
// ws's frame builder (header + payload parts), exported by ws but not declared by @types/ws.
const { Sender } = wsPackage as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

const TEXT = 1;
const BINARY = 2;

/** The frame of one encoded Engine.IO packet, as ws's parts (header, payload). */
export function frameParts(encoded: string | Buffer): Buffer[] {
  const text = typeof encoded === "string";
  return Sender.frame(text ? Buffer.from(encoded) : encoded, {
    fin: true,
    rsv1: false,
    opcode: text ? TEXT : BINARY,
    mask: false,
    readOnly: false,
  });
}

/**
 * The frame of an Engine.IO "message" packet carrying `text`, as ws's parts: what the official
 * adapter contract calls `wsPreEncodedFrame` (the same for protocols 3 and 4).
 */
export function messageFrame(text: string): Buffer[] {
  return frameParts(encodePacketSync({ type: "message", data: text }, true));
}
