import { expect } from "vitest";
import { Decoder, ParserError, type MsgpackDecoderOptions, type Packet, type ParserErrorCode } from "../src/index.js";

export function decode(chunk: unknown, options?: MsgpackDecoderOptions): Packet {
  const decoder = new Decoder(options);
  const packets: Packet[] = [];
  decoder.on("decoded", (packet) => packets.push(packet));
  decoder.add(chunk as Buffer);
  expect(packets).toHaveLength(1);
  return packets[0] as Packet;
}

export function expectRejected(chunk: unknown, code: ParserErrorCode, options?: MsgpackDecoderOptions): void {
  let caught: unknown;
  try {
    decode(chunk, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParserError);
  expect((caught as ParserError).code).toBe(code);
}

/** Bytes from a hex string with spaces allowed. */
export const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
