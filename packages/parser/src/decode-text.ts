// The string part of a packet -> Packet: <type>[<n>-][<nsp>,][<id>][<json>], strictly.
import { parserError } from "./errors.js";
import { checkPlaceholders, inspectData, mayHoldForbiddenKey, type PlaceholderSlot } from "./inspect.js";
import type { ResolvedDecoderOptions } from "./options.js";
import { PacketType, type Packet } from "./packet.js";
import { validateAckId, validatePayload } from "./validate.js";

export interface DecodedText {
  packet: Packet;
  /** Present for binary packets: where each announced attachment goes. */
  slots?: PlaceholderSlot[];
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SLASH = 0x2f;
const DASH = 0x2d;
/** Number.MAX_SAFE_INTEGER has 16 digits; a longer run cannot be a valid id. */
const MAX_ID_DIGITS = 16;

export function decodeText(str: string, options: ResolvedDecoderOptions): DecodedText {
  const length = str.length;
  const type = str.charCodeAt(0) - DIGIT_0; // NaN for ""
  if (!(type >= PacketType.CONNECT && type <= PacketType.BINARY_ACK)) {
    throw parserError("PARSER_INVALID_TYPE", `unknown packet type ${JSON.stringify(str.charAt(0))}`);
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
        throw parserError("PARSER_TOO_MANY_ATTACHMENTS", `more than ${options.maxAttachments} attachments`);
      }
    }
    if (i === start || str.charCodeAt(i) !== DASH || attachments === 0) {
      throw parserError("PARSER_INVALID_ATTACHMENTS", "a binary packet needs a positive attachment count followed by \"-\"");
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
    if (i - idStart === MAX_ID_DIGITS) throw parserError("PARSER_INVALID_ID", "ack id too long");
    idValue = idValue * 10 + (c - DIGIT_0);
  }
  if (i > idStart) {
    // Rounding can only push a value >= 2^53 up, never below, so this comparison is exact enough.
    if (idValue > Number.MAX_SAFE_INTEGER) throw parserError("PARSER_INVALID_ID", "ack id is not a safe integer");
    id = idValue;
  }

  let data: unknown;
  let json = "";
  if (i < length) {
    json = str.slice(i);
    try {
      data = options.reviver === undefined ? JSON.parse(json) : JSON.parse(json, options.reviver);
    } catch (error) {
      throw parserError("PARSER_INVALID_PAYLOAD", "payload is not valid JSON", error);
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
    inspectData(data as object, options.maxDepth, slots);
    checkPlaceholders(slots, attachments);
    return { packet, slots };
  }
  if (typeof data === "object" && data !== null && mayHoldForbiddenKey(json)) {
    inspectData(data, Number.POSITIVE_INFINITY);
  }
  return { packet };
}
