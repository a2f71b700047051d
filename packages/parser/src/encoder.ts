// Packet -> wire: one string (header + JSON) followed by the binary attachments, if any.
import { extractAttachments, type BinaryData } from "./binary.js";
import { PacketType, type Packet } from "./packet.js";

export type JsonReplacer = (this: unknown, key: string, value: unknown) => unknown;

const replacerOf = Symbol("replacer");

export class Encoder {
  private readonly [replacerOf]: JsonReplacer | undefined;

  /** @param replacer passed to JSON.stringify, as with the official encoder */
  constructor(replacer?: JsonReplacer) {
    this[replacerOf] = replacer;
  }

  /**
   * Encodes a packet. EVENT/ACK with binary anywhere in `data` become BINARY_EVENT/BINARY_ACK
   * (and a BINARY_* packet without binary becomes its plain type): the first element is the
   * string part, then each attachment as given (Buffer, ArrayBuffer or view), in placeholder
   * order. Data nested deeper than MAX_ENCODE_DEPTH throws a ParserError (ERR_PARSER_MAX_DEPTH).
   */
  encode(packet: Packet): Array<string | BinaryData> {
    const type = packet.type;
    const data: unknown = packet.data;
    const mayCarryBinary =
      type === PacketType.EVENT ||
      type === PacketType.ACK ||
      type === PacketType.BINARY_EVENT ||
      type === PacketType.BINARY_ACK;
    const plainType =
      type === PacketType.BINARY_EVENT ? PacketType.EVENT : type === PacketType.BINARY_ACK ? PacketType.ACK : type;
    if (mayCarryBinary && typeof data === "object" && data !== null) {
      const attachments: BinaryData[] = [];
      const withPlaceholders = extractAttachments(data, attachments);
      if (attachments.length === 0) return [encodeString(plainType, packet.nsp, packet.id, data, 0, this[replacerOf])];
      const binaryType = plainType === PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK;
      const parts: Array<string | BinaryData> = attachments;
      parts.unshift(
        encodeString(binaryType, packet.nsp, packet.id, withPlaceholders, attachments.length, this[replacerOf]),
      );
      return parts;
    }
    return [encodeString(plainType, packet.nsp, packet.id, data, 0, this[replacerOf])];
  }
}

// <type>[<attachments>-][<nsp>,][<id>][<json>]
function encodeString(
  type: PacketType,
  nsp: string,
  id: number | undefined,
  data: unknown,
  attachments: number,
  replacer: JsonReplacer | undefined,
): string {
  let out = attachments > 0 ? type + (attachments + "-") : (TYPE_DIGITS[type] ?? String(type));
  if (nsp !== "/" && nsp) out += nsp + ",";
  if (id != null) out += id;
  if (data != null) {
    const json = replacer === undefined ? JSON.stringify(data) : JSON.stringify(data, replacer);
    if (json !== undefined) out += json;
  }
  return out;
}

const TYPE_DIGITS: readonly string[] = ["0", "1", "2", "3", "4", "5", "6"];
