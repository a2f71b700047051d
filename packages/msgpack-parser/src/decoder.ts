// One binary chunk -> one packet: msgpackr decodes the map, one walk refuses anything msgpackr's
// extensions can build and drops polluting keys, then the fields are checked one by one and by
// the default parser's shared validation.
import {
  DecoderBase,
  PacketType,
  isBinary,
  isPlainObject,
  toBuffer,
  validatePacket,
  type Packet,
} from "@socketry/parser";
import { unpackr } from "./codec.js";
import { ERROR_MESSAGES, ParserError, parserError } from "./errors.js";
import { inspectField, isRenamedProtoKey, walkState } from "./inspect.js";
import { nestsDeeperThan } from "./nesting.js";
import {
  resolveMsgpackDecoderOptions,
  type MsgpackDecoderOptions,
  type ResolvedMsgpackDecoderOptions,
} from "./options.js";

export type { DecoderEvents } from "@socketry/parser";

const FIXMAP_FIRST = 0x80;
const FIXMAP_LAST = 0x8f;
const MAP16 = 0xde;
const MAP32 = 0xdf;
/**
 * Input this short nests at most this many levels. msgpackr's recursive reader takes about
 * 250 bytes of stack per level (it overflows a fresh default stack past ~4,000 levels), so this
 * depth leaves it half the stack, and the walk then bounds the data by maxDepth: no pre-scan
 * needed. Longer input is scanned (nesting.ts) before msgpackr reads it.
 */
const UNSCANNED_MAX_BYTES = 2048;

export class Decoder extends DecoderBase {
  readonly #options: ResolvedMsgpackDecoderOptions;

  constructor(options?: MsgpackDecoderOptions) {
    super();
    this.#options = resolveMsgpackDecoderOptions(options);
  }

  /** Decodes one chunk and emits "decoded"; throws a ParserError for anything invalid. */
  add(chunk: Buffer | ArrayBuffer | ArrayBufferView | string): void {
    const bytes = bytesOf(chunk);
    const first = bytes[0];
    if (first === undefined) throw parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.couldNotParse);
    // Checked first so msgpackr never sees a top level that is not a map (a record, an extension...):
    // like any other value without a packet type, "invalid packet type" officially.
    if (!((first >= FIXMAP_FIRST && first <= FIXMAP_LAST) || first === MAP16 || first === MAP32)) {
      throw parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.invalidType);
    }
    const maxDepth = this.#options.maxDepth;
    // The packet map is one level above its data's root.
    if (bytes.length > UNSCANNED_MAX_BYTES && nestsDeeperThan(bytes, maxDepth + 1)) {
      throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
    }
    let packet: Packet;
    try {
      const decoded: unknown = unpackr.unpack(bytes);
      if (!isPlainObject(decoded)) throw parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.invalidType);
      packet = toPacket(decoded, maxDepth, bytes);
    } catch (error) {
      throw asParserError(error);
    }
    // Outside the try: a listener's own error reaches the caller unchanged.
    this.deliver(packet);
  }

  /** Nothing is ever pending (binary travels inside the packet); kept for the parser interface. */
  destroy(): void {}
}

function bytesOf(chunk: unknown): Buffer {
  if (isBinary(chunk)) return toBuffer(chunk);
  throw parserError("ERR_PARSER_INVALID_INPUT", ERROR_MESSAGES.couldNotParse);
}

/** msgpackr's errors (truncated data, trailing bytes, unknown extension, stack overflow...) as ParserErrors. */
function asParserError(error: unknown): ParserError {
  if (error instanceof ParserError) return error;
  // Last line of defence: msgpackr reads recursively and the pre-scan bounds its depth, but an
  // extension's embedded data or a huge maxDepth could still overflow the stack (msgpackr resets
  // its state first).
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep, error);
  }
  return parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.couldNotParse, error);
}

/**
 * Reads the map's fields, checks every value under them (inspect.ts), and builds a fresh packet
 * (dropping the client's `options`).
 */
function toPacket(decoded: Record<string, unknown>, maxDepth: number, source: Buffer): Packet {
  const state = walkState(maxDepth, source);
  let type: unknown, nsp: unknown, data: unknown, id: unknown, options: unknown;
  for (const key of Object.keys(decoded)) {
    const value = decoded[key];
    if (key === "type") type = value;
    else if (key === "nsp") nsp = value;
    else if (key === "data") data = value;
    else if (key === "id") id = value;
    // socket.io-client v4 sends `options: { compress }` inside the packet; the official codec puts it on the wire.
    else if (key === "options") options = value;
    else if (!isRenamedProtoKey(key, state)) {
      throw parserError("ERR_PARSER_INVALID_ENCODING", "unexpected field in packet");
    }
  }
  if (options !== undefined) {
    if (!isPlainObject(options)) throw parserError("ERR_PARSER_INVALID_ENCODING", "invalid packet options");
    inspectField(options, state);
  }
  // The msgpack wire has no BINARY_* types: binary is inline.
  if (
    typeof type !== "number" ||
    !Number.isInteger(type) ||
    type < PacketType.CONNECT ||
    type > PacketType.CONNECT_ERROR
  ) {
    throw parserError("ERR_PARSER_INVALID_TYPE", ERROR_MESSAGES.invalidType);
  }
  const packet: Packet = { type, nsp: nsp as string };
  // notepack 2 clients write undefined fields as fixext 0 (decoded as undefined): same as absent.
  if (id !== undefined) packet.id = id as number;
  if (data !== undefined) {
    inspectField(data, state);
    packet.data = data;
  }
  // type, nsp and id are typed here: anything an extension built for them fails these checks.
  validatePacket(packet);
  return packet;
}
