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

/**
 * The messages of the msgpack codec: socket.io-msgpack-parser 3's own where it has one (its
 * "Could not parse" is notepack.io's), never a code prefix.
 */
export const MSGPACK_MESSAGES: Partial<Record<ParserErrorCode, string | RegExp>> = {
  ERR_PARSER_INVALID_INPUT: "Could not parse",
  ERR_PARSER_INVALID_ENCODING:
    /^(Could not parse|invalid packet type|invalid payload|unexpected field in packet|invalid packet options)$/,
  ERR_PARSER_INVALID_TYPE: "invalid packet type",
  ERR_PARSER_INVALID_NAMESPACE: "invalid namespace",
  ERR_PARSER_INVALID_ID: "invalid packet id",
  ERR_PARSER_INVALID_PAYLOAD: "invalid payload",
  ERR_PARSER_RESERVED_EVENT: "invalid payload",
  ERR_PARSER_MAX_DEPTH: "data nested too deep",
};

export function expectRejected(chunk: unknown, code: ParserErrorCode, options?: MsgpackDecoderOptions): void {
  let caught: unknown;
  try {
    decode(chunk, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParserError);
  expect((caught as ParserError).code).toBe(code);
  const expected = MSGPACK_MESSAGES[code];
  if (typeof expected === "string") expect((caught as ParserError).message).toBe(expected);
  else if (expected !== undefined) expect((caught as ParserError).message).toMatch(expected);
}

/** Bytes from a hex string with spaces allowed. */
export const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
