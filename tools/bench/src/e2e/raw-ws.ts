// Just enough RFC 6455 for the load generator's client side, on a bare net.Socket: the upgrade
// request (built once per port), the 101 answer check, masked client frames and a frame reader for
// the server's frames (text, binary, fragments, ping, close). No extensions are offered, so frames
// never carry RSV bits. Cheaper per connection than the `ws` client, so the server saturates first.
import { createHash } from "node:crypto";

/** A fixed key is fine for a bench: the server only has to echo its hash. 16 bytes, base64. */
const KEY = "c29ja2V0cnktYmVuY2gtMQ==";
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const ACCEPT = Buffer.from(
  createHash("sha1")
    .update(KEY + GUID)
    .digest("base64"),
  "latin1",
);
const STATUS_101 = Buffer.from("HTTP/1.1 101 ", "latin1");
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
/** An answer head larger than this without its end is not a WebSocket answer. */
const MAX_HEAD_BYTES = 16 * 1024;

export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

const requests = new Map<string, Buffer>();

/** The upgrade request for `path` (path and query) on 127.0.0.1:`port`, one shared Buffer per target. */
export function upgradeRequest(port: number, path: string): Buffer {
  const target = `${port} ${path}`;
  let request = requests.get(target);
  if (request === undefined) {
    request = Buffer.from(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}\r\n\r\n`,
      "latin1",
    );
    requests.set(target, request);
  }
  return request;
}

/**
 * Reads the server's answer to the upgrade from `data` (everything received so far). Returns the
 * bytes after the head (the first frames), null while the head is incomplete; throws if the answer
 * is not a 101 with our key's Sec-WebSocket-Accept.
 */
export function readUpgradeAnswer(data: Buffer): Buffer | null {
  const end = data.indexOf(HEAD_END);
  if (end === -1) {
    if (data.length > MAX_HEAD_BYTES) throw new Error("WebSocket upgrade: answer head too large");
    return null;
  }
  const head = data.subarray(0, end);
  if (!head.subarray(0, STATUS_101.length).equals(STATUS_101)) {
    throw new Error(`WebSocket upgrade refused: ${head.toString("latin1").split("\r\n", 1)[0]}`);
  }
  // The accept value is unique enough to look for alone; the header name's case is the server's choice.
  if (head.indexOf(ACCEPT) === -1) throw new Error("WebSocket upgrade: wrong Sec-WebSocket-Accept");
  return data.subarray(end + HEAD_END.length);
}

/**
 * The mask key of every client frame. Fixed (nothing here needs it unpredictable) but not zero: ws
 * skips unmasking under a zero key, and the servers must do the work a real client causes.
 */
const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
/** MASK as one native-endian 32-bit word, to mask large payloads four bytes at a time. */
const MASK_WORD = new Uint32Array(Uint8Array.from(MASK).buffer)[0] as number;

/** XORs `data[start..end)` with MASK in place (the key's byte 0 at `start`). */
function maskInPlace(data: Buffer, start: number, end: number): void {
  for (let i = start; i < end; i++) data[i] = (data[i] as number) ^ (MASK[(i - start) & 3] as number);
}

/**
 * One client frame header (FIN set, masked) with room for `extra` bytes of payload from `offset`,
 * which the caller writes and masks.
 */
export function frameHeader(opcode: number, payloadLength: number, extra: number): { frame: Buffer; offset: number } {
  const lengthBytes = payloadLength < 126 ? 0 : payloadLength < 0x10000 ? 2 : 8;
  const offset = 2 + lengthBytes + 4;
  const frame = Buffer.allocUnsafe(offset + extra);
  frame[0] = 0x80 | opcode;
  if (lengthBytes === 0) {
    frame[1] = 0x80 | payloadLength;
  } else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(payloadLength / 0x100000000), 2);
    frame.writeUInt32BE(payloadLength >>> 0, 6);
  }
  MASK.copy(frame, offset - 4);
  return { frame, offset };
}

/** A whole text frame for `text`. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const { frame, offset } = frameHeader(OPCODE_TEXT, length, length);
  frame.write(text, offset);
  maskInPlace(frame, offset, frame.length);
  return frame;
}

/** A control frame (close, ping, pong) carrying `payload` (at most 125 bytes). */
export function controlFrame(opcode: number, payload: Buffer): Buffer {
  const { frame, offset } = frameHeader(opcode, payload.length, payload.length);
  payload.copy(frame, offset);
  maskInPlace(frame, offset, frame.length);
  return frame;
}

/** A binary frame as its header and a masked copy of `data` (written one after the other). */
export function binaryFrame(data: Buffer): [header: Buffer, payload: Buffer] {
  const { frame } = frameHeader(OPCODE_BINARY, data.length, 0);
  // Its own ArrayBuffer, so 4-byte aligned: the bulk is masked a word at a time.
  const payload = Buffer.allocUnsafeSlow(data.length);
  data.copy(payload);
  const words = new Uint32Array(payload.buffer, payload.byteOffset, payload.length >>> 2);
  for (let i = 0; i < words.length; i++) words[i] = (words[i] as number) ^ MASK_WORD;
  maskInPlace(payload, words.length * 4, payload.length); // the tail starts at a multiple of 4: key byte 0
  return [frame, payload];
}

/**
 * A whole message or a control frame. A binary message's payload is the handler's to keep; any
 * other payload may sit in a reused read buffer and is only valid during the call.
 */
export type MessageHandler = (opcode: number, payload: Buffer) => void;

/**
 * Splits the server's byte stream into frames and hands out whole messages (fragments joined) and
 * control frames. The pushed chunk may be a reused read buffer: a frame that spans reads is
 * gathered into a buffer of its own (one copy), fragments are copied.
 */
export class FrameReader {
  /** the start of a frame that spans reads, `pendingLength` bytes of it so far */
  private pending: Buffer | null = null;
  private pendingLength = 0;
  private fragments: Buffer[] | null = null;
  private fragmentsOpcode = 0;

  constructor(private readonly onMessage: MessageHandler) {}

  push(chunk: Buffer): void {
    let offset = 0;
    let pending = this.pending;
    if (pending !== null) {
      for (;;) {
        const take = Math.min(pending.length - this.pendingLength, chunk.length - offset);
        chunk.copy(pending, this.pendingLength, offset, offset + take);
        this.pendingLength += take;
        offset += take;
        if (this.pendingLength < pending.length) return;
        // Complete so far; once the header is in, the frame may turn out longer.
        const size = frameSize(pending, 0);
        if (size === pending.length) break;
        const longer = Buffer.allocUnsafe(size);
        pending.copy(longer, 0, 0, this.pendingLength);
        pending = this.pending = longer;
      }
      this.pending = null;
      this.pendingLength = 0;
      this.frame(pending, 0, false);
    }
    this.parse(chunk, offset);
  }

  private parse(data: Buffer, offset: number): void {
    for (;;) {
      const available = data.length - offset;
      if (available === 0) return;
      const need = frameSize(data, offset);
      if (need > available) {
        const pending = Buffer.allocUnsafe(need);
        data.copy(pending, 0, offset);
        this.pending = pending;
        this.pendingLength = available;
        return;
      }
      this.frame(data, offset, true);
      offset += need;
    }
  }

  /** One whole frame at `offset`; `shared` when `data` is the caller's (reused) buffer. */
  private frame(data: Buffer, offset: number, shared: boolean): void {
    const b0 = data[offset] as number;
    const b1 = data[offset + 1] as number;
    let length = b1 & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = data.readUInt32BE(start) * 0x100000000 + data.readUInt32BE(start + 4);
      start += 8;
    }
    let payload: Buffer;
    if ((b1 & 0x80) !== 0) {
      // Servers must not mask; unmask a copy anyway rather than misread the stream.
      const mask = data.subarray(start, start + 4);
      start += 4;
      payload = Buffer.from(data.subarray(start, start + length));
      for (let i = 0; i < length; i++) payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
      shared = false;
    } else {
      payload = data.subarray(start, start + length);
    }
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (opcode >= OPCODE_CLOSE) {
      this.onMessage(opcode, payload); // control frames may arrive between fragments
      return;
    }
    if (opcode !== OPCODE_CONTINUATION) {
      if (!fin) {
        this.fragments = [shared ? Buffer.from(payload) : payload];
        this.fragmentsOpcode = opcode;
        return;
      }
      this.onMessage(opcode, shared && opcode === OPCODE_BINARY ? Buffer.from(payload) : payload);
      return;
    }
    const fragments = this.fragments;
    if (fragments === null) throw new Error("WebSocket: continuation frame without a first fragment");
    fragments.push(shared ? Buffer.from(payload) : payload);
    if (!fin) return;
    this.fragments = null;
    this.onMessage(this.fragmentsOpcode, Buffer.concat(fragments));
  }
}

/** Total bytes of the frame starting at `offset` (header + payload), or the header bytes still needed. */
function frameSize(data: Buffer, offset: number): number {
  const available = data.length - offset;
  if (available < 2) return 2;
  const b1 = data[offset + 1] as number;
  const maskBytes = (b1 & 0x80) !== 0 ? 4 : 0;
  const length = b1 & 0x7f;
  if (length < 126) return 2 + maskBytes + length;
  if (length === 126) return available < 4 ? 4 : 4 + maskBytes + data.readUInt16BE(offset + 2);
  return available < 10
    ? 10
    : 10 + maskBytes + data.readUInt32BE(offset + 2) * 0x100000000 + data.readUInt32BE(offset + 6);
}
