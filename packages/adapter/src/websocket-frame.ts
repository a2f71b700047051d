// The `wsPreEncodedFrame` write option of the official adapter contract: for a broadcast encoded
// as one string, the unmasked WebSocket text frame of its Engine.IO "message" packet ("4" + the
// string), as [header, payload]. Servers whose WebSocket transport writes ready frames (the
// official one) read it; socketry's transport frames on its own and never asks, so nothing here
// runs unless someone reads the option.

const FIN_AND_TEXT = 0x81;
const ENGINE_IO_MESSAGE = "4";

/** The frame of an Engine.IO message packet carrying `encoded`, header and payload apart. */
export function engineMessageTextFrame(encoded: string): Buffer[] {
  const payload = Buffer.from(ENGINE_IO_MESSAGE + encoded);
  return [frameHeader(payload.length), payload];
}

/** RFC 6455 §5.2 header of a final, unmasked text frame: 7-bit, 16-bit or 64-bit length. */
function frameHeader(length: number): Buffer {
  let header: Buffer;
  if (length < 126) {
    header = Buffer.allocUnsafe(2);
    header[1] = length;
  } else if (length < 0x10000) {
    header = Buffer.allocUnsafe(4);
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.allocUnsafe(10);
    header[1] = 127;
    header.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    header.writeUInt32BE(length % 0x100000000, 6);
  }
  header[0] = FIN_AND_TEXT;
  return header;
}
