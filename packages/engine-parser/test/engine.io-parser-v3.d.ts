// Types for the official v3 parser (engine.io-parser@2.2.1, installed as "engine.io-parser-v3"),
// which ships none: only what the cross-check tests call.
declare module "engine.io-parser-v3" {
  interface V3Packet {
    type: string;
    data?: unknown;
  }
  const parser: {
    protocol: number;
    encodePacket(
      packet: V3Packet,
      supportsBinary: boolean,
      utf8encode: boolean,
      callback: (encoded: string | Buffer) => void,
    ): void;
    decodePacket(data: string | Buffer, binaryType?: string, utf8decode?: boolean): V3Packet;
    encodePayload(packets: V3Packet[], supportsBinary: boolean, callback: (encoded: string | Buffer) => void): void;
    decodePayload(
      data: string | Buffer,
      binaryType: string | undefined,
      callback: (packet: V3Packet, index: number, total: number) => unknown,
    ): void;
  };
  export default parser;
}
