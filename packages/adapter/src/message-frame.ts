// The official adapter contract's `wsPreEncodedFrame`: the WebSocket frame of the Engine.IO
// "message" packet ("4" + the encoded string), as ws's parts (header, payload). Built by ws's own
// framing, as the official adapter does, so the adapter depends on ws alone and not on a
// transport; socketry's WebSocket transport frames its writes itself and never needs this.
import * as wsPackage from "ws";

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}
// ws's frame builder, exported by ws but not declared by @types/ws.
const { Sender } = wsPackage as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

const TEXT_OPCODE = 1;
const ENGINE_IO_MESSAGE = "4";

export function messageFrame(encoded: string): Buffer[] {
  return Sender.frame(Buffer.from(ENGINE_IO_MESSAGE + encoded), {
    fin: true,
    rsv1: false,
    opcode: TEXT_OPCODE,
    mask: false,
    readOnly: false,
  });
}
