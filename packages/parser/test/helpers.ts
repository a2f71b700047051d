// Small helpers to drive a Decoder synchronously in tests.
import { expect } from "vitest";
import { Decoder, ParserError, type DecoderOptions, type Packet, type ParserErrorCode } from "../src/index.js";

/** Feeds every chunk to a fresh decoder and returns the packets it emitted. */
export function decodeAll(chunks: ReadonlyArray<string | Buffer | ArrayBuffer | ArrayBufferView>, options?: DecoderOptions): Packet[] {
  const decoder = new Decoder(options);
  const packets: Packet[] = [];
  decoder.on("decoded", (packet) => packets.push(packet));
  for (const chunk of chunks) decoder.add(chunk);
  return packets;
}

/** Asserts that feeding the chunks throws a ParserError with this code. */
export function expectRejected(chunks: ReadonlyArray<string | Buffer | ArrayBuffer | ArrayBufferView>, code: ParserErrorCode, options?: DecoderOptions): void {
  let caught: unknown;
  try {
    decodeAll(chunks, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParserError);
  expect((caught as ParserError).code).toBe(code);
}
