// Length-prefixed frames (Engine.IO over WebTransport) -> packets, from chunks of any size. A
// length of zero, past maxPayload or past Number.MAX_SAFE_INTEGER, a text frame that is not
// UTF-8, or a chunk that is not bytes yields ERROR_PACKET, after which the stream reads nothing
// more (the peer is not speaking the protocol; the transport closes).
import { TransformStream, type TransformStreamDefaultController } from "node:stream/web";
import { isBinary, sliceToBinaryType } from "../binary.js";
import { ERROR_PACKET } from "../errors.js";
import type { BinaryType, Packet } from "../types.js";
import { decodePacket } from "../v4/decode.js";
import { ChunkQueue } from "./chunk-queue.js";
import { BINARY_FLAG, LENGTH_16, LENGTH_64, LENGTH_MASK, readLength64 } from "./frame-header.js";

// Reader states: what the next bytes are.
const HEADER = 0;
const LENGTH_16_BYTES = 1;
const LENGTH_64_BYTES = 2;
const PAYLOAD = 3;
/** After an error packet: everything is ignored. */
const FAILED = 4;

export function createPacketDecoderStream(
  maxPayload: number,
  binaryType?: BinaryType,
): TransformStream<Uint8Array, Packet> {
  const reader = new FrameReader(maxPayload, binaryType);
  return new TransformStream<Uint8Array, Packet>({
    transform(chunk, controller) {
      reader.read(chunk, controller);
    },
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class FrameReader {
  readonly #maxPayload: number;
  readonly #binaryType: BinaryType | undefined;
  readonly #queue = new ChunkQueue();
  #state = HEADER;
  #binary = false;
  #length = 0;

  constructor(maxPayload: number, binaryType: BinaryType | undefined) {
    this.#maxPayload = maxPayload;
    this.#binaryType = binaryType;
  }

  read(chunk: unknown, controller: TransformStreamDefaultController<Packet>): void {
    if (this.#state === FAILED) return;
    if (!isBinary(chunk)) return this.#fail(controller);
    this.#queue.push(
      chunk instanceof ArrayBuffer
        ? new Uint8Array(chunk)
        : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    for (;;) {
      switch (this.#state) {
        case HEADER: {
          if (this.#queue.buffered < 1) return;
          const byte = this.#queue.take(1)[0]!;
          this.#binary = (byte & BINARY_FLAG) !== 0;
          const length = byte & LENGTH_MASK;
          if (length === LENGTH_16) this.#state = LENGTH_16_BYTES;
          else if (length === LENGTH_64) this.#state = LENGTH_64_BYTES;
          else if (!this.#expect(length)) return this.#fail(controller);
          break;
        }
        case LENGTH_16_BYTES: {
          if (this.#queue.buffered < 2) return;
          const bytes = this.#queue.take(2);
          if (!this.#expect((bytes[0]! << 8) | bytes[1]!)) return this.#fail(controller);
          break;
        }
        case LENGTH_64_BYTES: {
          if (this.#queue.buffered < 8) return;
          if (!this.#expect(readLength64(this.#queue.take(8)))) return this.#fail(controller);
          break;
        }
        case PAYLOAD: {
          if (this.#queue.buffered < this.#length) return;
          const packet = this.#decode(this.#queue.take(this.#length));
          if (packet === ERROR_PACKET) return this.#fail(controller);
          controller.enqueue(packet);
          this.#state = HEADER;
          break;
        }
        default:
          return;
      }
    }
  }

  /** Accepts a payload length (moving on to the payload), or refuses it. */
  #expect(length: number): boolean {
    if (!(length > 0 && length <= this.#maxPayload)) return false;
    this.#length = length;
    this.#state = PAYLOAD;
    return true;
  }

  #decode(bytes: Uint8Array): Packet {
    if (this.#binary) {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { type: "message", data: sliceToBinaryType(buffer, 0, buffer.length, this.#binaryType) };
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return ERROR_PACKET;
    }
    return decodePacket(text, this.#binaryType);
  }

  #fail(controller: TransformStreamDefaultController<Packet>): void {
    this.#state = FAILED;
    this.#queue.clear();
    controller.enqueue(ERROR_PACKET);
  }
}
