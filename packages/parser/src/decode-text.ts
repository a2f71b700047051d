// The string part of a packet -> Packet: <type>[<n>-][<nsp>,][<id>][<json>], strictly.
import { ERROR_MESSAGES, parserError } from "./errors.js";
import { checkPlaceholders, inspectData, mayHoldForbiddenKey, type PlaceholderSlot } from "./inspect.js";
import { nestsDeeperThan } from "./depth.js";
import { jsonNestsDeeperThan } from "./json-depth.js";
import type { ResolvedDecoderOptions } from "./options.js";
import { PacketType, type Packet } from "./packet.js";
import { validateAckId, validatePayload } from "./validate.js";

export interface DecodedText {
  packet: Packet;
  /** Present for binary packets: where the attachments go (placeholder order). */
  slots?: PlaceholderSlot[];
  /** Binary packets: how many attachments the header announced. */
  attachments: number;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SLASH = 0x2f;
const DASH = 0x2d;

export function decodeText(str: string, options: ResolvedDecoderOptions): DecodedText {
  const length = str.length;
  const type = str.charCodeAt(0) - DIGIT_0; // NaN for ""
  if (!(type >= PacketType.CONNECT && type <= PacketType.BINARY_ACK)) {
    // The official message shows Number(first character): "unknown packet type 9", "... NaN".
    throw parserError("ERR_PARSER_INVALID_TYPE", `unknown packet type ${length === 0 ? NaN : Number(str.charAt(0))}`);
  }
  let i = 1;

  let attachments = 0;
  const isBinary = type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK;
  if (isBinary) {
    const start = i;
    for (; i < length; i++) {
      const c = str.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      attachments = attachments * 10 + (c - DIGIT_0);
      if (attachments > options.maxAttachments) {
        throw parserError("ERR_PARSER_TOO_MANY_ATTACHMENTS", ERROR_MESSAGES.tooManyAttachments);
      }
    }
    if (i === start || str.charCodeAt(i) !== DASH || attachments === 0) {
      // A positive decimal count followed by "-" (the official parser also takes 0; nothing sends it)
      throw parserError("ERR_PARSER_INVALID_ATTACHMENTS", ERROR_MESSAGES.illegalAttachmentCount);
    }
    i++;
  }

  let nsp = "/";
  if (str.charCodeAt(i) === SLASH) {
    // Like the official parser, a namespace without "," runs to the end of the input.
    const comma = str.indexOf(",", i);
    const end = comma === -1 ? length : comma;
    nsp = str.slice(i, end);
    i = comma === -1 ? length : end + 1;
  }

  let id: number | undefined;
  const idStart = i;
  let idValue = 0;
  for (; i < length; i++) {
    const c = str.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) break;
    // Past 2^53 the exact value no longer matters (an EVENT is refused, an ACK names no pending
    // callback): stop growing it, so any run of digits stays a finite integer, in linear time.
    if (idValue <= Number.MAX_SAFE_INTEGER) idValue = idValue * 10 + (c - DIGIT_0);
  }
  if (i > idStart) id = idValue;

  let data: unknown;
  let json = "";
  const maxDepth = options.maxDepth;
  if (i < length) {
    json = str.slice(i);
    const reviver = options.reviver;
    // JSON.parse itself is iterative, but its reviver walk recurses: bound the depth first.
    if (reviver !== undefined && json.length >= 2 * maxDepth + 2 && jsonNestsDeeperThan(json, maxDepth)) {
      throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
    }
    try {
      data = reviver === undefined ? JSON.parse(json) : JSON.parse(json, reviver);
    } catch (error) {
      throw parserError("ERR_PARSER_INVALID_PAYLOAD", ERROR_MESSAGES.invalidPayload, error);
    }
  }

  // Type and namespace are valid by construction; the rest depends on the type.
  validateAckId(type, id);
  // A binary event's name is checked once its attachments are in (decoder.ts): refused earlier,
  // the attachments that follow would look like a protocol error and close the connection.
  validatePayload(type, data, !isBinary);
  const packet: Packet = { type, nsp };
  if (id !== undefined) packet.id = id;
  if (data !== undefined) packet.data = data;

  if (isBinary) {
    const slots: PlaceholderSlot[] = [];
    inspectData(data as object, maxDepth, slots);
    checkPlaceholders(slots, attachments, options.rejectUnusedAttachments);
    return { packet, slots, attachments };
  }
  if (typeof data === "object" && data !== null) {
    if (mayHoldForbiddenKey(json) || options.reviver !== undefined) {
      // One walk drops the forbidden keys (or checks what a reviver built) and bounds the depth.
      inspectData(data, maxDepth);
    } else if (json.length >= 2 * maxDepth + 2 && nestsDeeperThan(data, maxDepth)) {
      // Each level of nesting takes two characters ("[]"): shorter text cannot be too deep.
      throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
    }
  }
  return { packet, attachments: 0 };
}
