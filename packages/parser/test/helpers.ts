// Small helpers to drive a Decoder synchronously in tests.
import { expect } from "vitest";
import { Decoder, ParserError, type DecoderOptions, type Packet, type ParserErrorCode } from "../src/index.js";

/** Feeds every chunk to a fresh decoder and returns the packets it emitted. */
export function decodeAll(
  chunks: ReadonlyArray<string | Buffer | ArrayBuffer | ArrayBufferView>,
  options?: DecoderOptions,
): Packet[] {
  const decoder = new Decoder(options);
  const packets: Packet[] = [];
  decoder.on("decoded", (packet) => packets.push(packet));
  for (const chunk of chunks) decoder.add(chunk);
  return packets;
}

/**
 * The message each code carries in the text codec: socket.io-parser 4.2's own where it has one
 * (applications match on them), never a code prefix.
 */
export const TEXT_CODEC_MESSAGES: Record<ParserErrorCode, string | RegExp> = {
  ERR_PARSER_INVALID_INPUT: /^Unknown type: /,
  ERR_PARSER_INVALID_TYPE: /^unknown packet type (\d|NaN)$/,
  ERR_PARSER_INVALID_ATTACHMENTS: "Illegal attachments",
  ERR_PARSER_TOO_MANY_ATTACHMENTS: "too many attachments",
  ERR_PARSER_INVALID_NAMESPACE: "invalid namespace",
  ERR_PARSER_INVALID_ID: "invalid packet id",
  ERR_PARSER_INVALID_PAYLOAD: "invalid payload",
  ERR_PARSER_RESERVED_EVENT: "invalid payload",
  ERR_PARSER_INVALID_PLACEHOLDER: "illegal attachments",
  ERR_PARSER_UNEXPECTED_ATTACHMENT: "got binary data when not reconstructing a packet",
  ERR_PARSER_UNEXPECTED_TEXT: "got plaintext data when reconstructing a packet",
  ERR_PARSER_MAX_DEPTH: "data nested too deep",
  ERR_PARSER_INVALID_ENCODING: "Could not parse",
  ERR_PARSER_INVALID_OPTION: /.+/,
};

/** Asserts that feeding the chunks throws a ParserError with this code and its message. */
export function expectRejected(
  chunks: ReadonlyArray<string | Buffer | ArrayBuffer | ArrayBufferView>,
  code: ParserErrorCode,
  options?: DecoderOptions,
): void {
  let caught: unknown;
  try {
    decodeAll(chunks, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParserError);
  expect((caught as ParserError).code).toBe(code);
  const expected = TEXT_CODEC_MESSAGES[code];
  if (typeof expected === "string") expect((caught as ParserError).message).toBe(expected);
  else expect((caught as ParserError).message).toMatch(expected);
}
