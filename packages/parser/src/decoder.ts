// Wire -> Packet, one chunk at a time: a string part, then as many binary chunks as it announced.
import { DecoderBase } from "./decoder-base.js";
import { decodeText } from "./decode-text.js";
import { ERROR_MESSAGES, parserError } from "./errors.js";
import { fillPlaceholders, type PlaceholderSlot } from "./inspect.js";
import {
  resolveDecoderOptions,
  type DecoderOptions,
  type JsonReviver,
  type ResolvedDecoderOptions,
} from "./options.js";
import { PacketType, type Packet } from "./packet.js";
import { refuseReservedName } from "./validate.js";

export type { DecoderEvents } from "./decoder-base.js";

/** A binary packet whose string part arrived, waiting for its attachments. */
interface PendingPacket {
  packet: Packet;
  slots: PlaceholderSlot[];
  /** How many the header announced: all are read, even one no placeholder uses. */
  expected: number;
  attachments: unknown[];
}

export class Decoder extends DecoderBase {
  readonly #options: ResolvedDecoderOptions;
  #pending: PendingPacket | undefined;

  /** Accepts an options object or, like the official decoder, a bare JSON reviver. */
  constructor(options?: DecoderOptions | JsonReviver) {
    super();
    this.#options = resolveDecoderOptions(options);
  }

  /**
   * Feeds one chunk. Emits "decoded" once a packet is complete. Throws a ParserError for any
   * invalid input (and forgets a pending binary packet): the caller closes the connection.
   */
  add(chunk: string | Buffer | ArrayBuffer | ArrayBufferView): void {
    if (typeof chunk === "string") {
      if (this.#pending !== undefined) {
        this.#pending = undefined;
        throw parserError("ERR_PARSER_UNEXPECTED_TEXT", ERROR_MESSAGES.unexpectedText);
      }
      const { packet, slots, attachments } = decodeText(chunk, this.#options);
      if (slots === undefined) {
        this.deliver(packet);
      } else {
        this.#pending = { packet, slots, expected: attachments, attachments: [] };
      }
      return;
    }
    if (!(ArrayBuffer.isView(chunk) || chunk instanceof ArrayBuffer)) {
      throw parserError("ERR_PARSER_INVALID_INPUT", `Unknown type: ${describe(chunk)}`);
    }
    const pending = this.#pending;
    if (pending === undefined) throw parserError("ERR_PARSER_UNEXPECTED_ATTACHMENT", ERROR_MESSAGES.unexpectedBinary);
    pending.attachments.push(chunk);
    if (pending.attachments.length < pending.expected) return;
    this.#pending = undefined;
    const packet = pending.packet;
    if (packet.type === PacketType.BINARY_EVENT) refuseReservedName(packet.data as unknown[]);
    fillPlaceholders(pending.slots, pending.attachments);
    // Like the official decoder: a reassembled packet is reported with its plain type.
    packet.type = packet.type === PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
    this.deliver(packet);
  }

  /** Drops a binary packet still waiting for attachments; decoding goes on with the next packet. */
  destroy(): void {
    this.#pending = undefined;
  }
}

/** The official message shows String(chunk); that can throw (null prototype), this cannot. */
function describe(value: unknown): string {
  try {
    return String(value).slice(0, 100);
  } catch {
    return typeof value;
  }
}
