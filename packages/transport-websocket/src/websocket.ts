// The WebSocket transport: one Engine.IO packet per frame. Listeners on the connection are shared
// module functions that find their transport through one symbol (no closures per connection).
import { Transport, type TransportInit } from "@socketry/engine";
import { withCompactListenerTable } from "@socketry/shared";
import type { Duplex } from "node:stream";
import {
  encodePacketSync,
  type Packet,
  type PacketOptions,
  type PacketType,
  type RawData,
} from "@socketry/engine-parser";
import { fromHostError } from "./errors.js";
import { logWebSocket } from "./log.js";
import type { WebSocketConnection } from "./host.js";
import { setupWebSocket, WEBSOCKET_DEFAULTS } from "./setup.js";
import { frameParts } from "./frame.js";
import { exposeSharedFrame, rawSocketFor, sharedFrame, sharedMessageFrame } from "./shared-frames.js";

const OWNER = Symbol("socketry.websocket.owner");
const RECEIVE = Symbol("receive");
const FAIL = Symbol("fail");
const CLOSED = Symbol("closed");
type OwnedConnection = WebSocketConnection & { [OWNER]?: WebSocket | null };
// Shared, never mutated: ws only reads these send options.
const OPEN = 1; // WebSocket readyState
const COMPRESS = Object.freeze({ compress: true });
const NO_COMPRESS = Object.freeze({ compress: false });
/** Every Engine.IO v4 ping is the same frame; sockets only read it. */
const PING_FRAME = Buffer.concat(frameParts(encodePacketSync({ type: "ping" }, true)));

export class WebSocket extends Transport {
  static override readonly transportName: string = "websocket";
  static override readonly upgradesTo: readonly string[] = Object.freeze([]);
  static override readonly handlesUpgrades: boolean = true;
  static readonly defaults = WEBSOCKET_DEFAULTS;
  static setup = setupWebSocket;

  readonly #connection: OwnedConnection;
  /** Where a broadcast's ready frame may be written directly (a plain `ws` connection), else null. */
  readonly #rawSocket: Duplex | null;

  constructor(init: TransportInit) {
    super(init);
    const connection = init.connection as OwnedConnection;
    this.#connection = connection;
    this.#rawSocket = rawSocketFor(connection);
    connection[OWNER] = this;
    if ("binaryType" in connection) connection.binaryType = "nodebuffer";
    // ws's listener table would be a hash dictionary: its fast form saves ~180 bytes per connection.
    withCompactListenerTable(connection);
    connection.on("message", onMessage);
    connection.on("error", onError);
    connection.on("close", onClose);
    this.writable = true;
  }

  override get supportsFraming(): boolean {
    return true;
  }

  /** A broadcast's packet: its frame is offered to `packetCreate` observers as `wsPreEncodedFrame`. */
  override prepareSharedPacket(packet: Packet): void {
    exposeSharedFrame(packet, this.codec, this.supportsBinary);
  }

  /**
   * A broadcast's ready frame, or the one ping frame, straight to the TCP socket. Not writable
   * until it is written, as after `send`: what the session writes meanwhile waits in its buffer
   * (under its cap) and goes out in one batch.
   */
  override writeDirect(type: PacketType, data: RawData | undefined, options: PacketOptions | undefined): boolean {
    const raw = this.#frameSocket();
    if (raw === null) return false;
    let frame: Buffer | undefined;
    if (type === "ping") {
      // Engine.IO v3 servers never ping (the client does).
      if (data !== undefined || this.codec.protocol !== 4) return false;
      frame = PING_FRAME;
    } else if (type === "message" && data !== undefined && data !== null && options !== undefined) {
      frame = sharedMessageFrame(data, options, this.codec, this.supportsBinary);
    }
    if (frame === undefined) return false;
    this.writable = false;
    raw.write(frame, (error?: Error | null) => this.#onSent(error ?? undefined));
    return true;
  }

  send(packets: Packet[]): void {
    this.writable = false;
    const connection = this.#connection;
    const last = packets.length - 1;
    // A batch of several frames goes out in one write (one writev) instead of one write per frame.
    const raw = last > 0 ? connection._socket : undefined;
    raw?.cork?.();
    try {
      for (let i = 0; i <= last; i++) {
        const packet = packets[i] as Packet;
        // One callback per flush, on its last frame: when it runs the whole batch is written.
        const callback = i === last ? (error?: Error | null) => this.#onSent(error ?? undefined) : undefined;
        const frame = this.#sharedFrame(packet);
        if (frame !== undefined) {
          (this.#rawSocket as Duplex).write(frame, callback);
          continue;
        }
        const data = this.codec.encodePacket(packet, this.supportsBinary);
        const options = packet.options?.compress === false ? NO_COMPRESS : COMPRESS;
        connection.send(data, options, callback);
      }
    } finally {
      raw?.uncork?.();
    }
  }

  /**
   * A frame ready to write as is, when this connection can take one (a plain `ws` connection
   * without permessage-deflate, still open): a broadcast's, built by its first recipient for its
   * data, else one handed in by the writer (`wsPreEncodedFrame`, as an adapter written for the
   * official server does). A broadcast's own option is not read here: it names one frame for all
   * the broadcast's packets, while the cache tells them apart.
   */
  #sharedFrame(packet: Packet): Buffer | undefined {
    if (this.#frameSocket() === null) return undefined;
    const shared = sharedFrame(packet, this.codec, this.supportsBinary);
    if (shared !== undefined) return shared;
    const ready = (packet.options as { wsPreEncodedFrame?: readonly Buffer[] } | undefined)?.wsPreEncodedFrame;
    if (ready !== undefined && Array.isArray(ready) && ready.length > 0) {
      return ready.length === 1 ? (ready[0] as Buffer) : Buffer.concat(ready as Buffer[]);
    }
    return undefined;
  }

  /** The TCP socket a ready frame may be written to now (a plain `ws` connection, open), else null. */
  #frameSocket(): Duplex | null {
    const raw = this.#rawSocket;
    return raw?.writable && this.#connection.readyState === OPEN ? raw : null;
  }

  protected doClose(fn?: () => void): void {
    const connection = this.#connection;
    connection[OWNER] = null;
    connection.close();
    this.onClose();
    fn?.();
  }

  #onSent(error: Error | undefined): void {
    if (this.readyState !== "open") return;
    if (error) {
      this[FAIL](error);
      return;
    }
    this.writable = true;
    this.onDrain();
  }

  /** @internal */
  [RECEIVE](data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    this.onData(isBinary ? buffer : buffer.toString("utf8"));
  }

  /** @internal */
  [FAIL](error: Error & { code?: string }): void {
    if (this.readyState === "closed") return;
    logWebSocket("connection error: %s", error.message);
    this.onError(error.message, fromHostError(error, this.maxHttpBufferSize));
  }

  /** @internal */
  [CLOSED](): void {
    logWebSocket("connection closed by the peer or the network");
    this.#connection[OWNER] = null;
    this.onClose();
  }
}

function onMessage(this: OwnedConnection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
  this[OWNER]?.[RECEIVE](data, isBinary);
}

function onError(this: OwnedConnection, error: Error & { code?: string }): void {
  this[OWNER]?.[FAIL](error);
}

function onClose(this: OwnedConnection): void {
  this[OWNER]?.[CLOSED]();
}
