// The Transport contract: the abstract base every transport (built-in or third-party) extends.
// A subclass supplies the wire work — `send(packets)` and `doClose(fn)`, plus `onRequest` for
// request/response transports or a `setup().upgrade` hook for HTTP-upgrade transports — and the
// base keeps the shared state machine: readyState, writability, data -> packet, close and errors.
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Packet, PacketOptions, PacketType, RawData } from "@socketry/engine-parser";
import { withoutListenerTable } from "@socketry/shared";
import { codecFor, type Codec, type ProtocolVersion } from "./codec.js";
import { EngineError } from "./errors.js";
import { ON_CLOSE, ON_DRAIN, ON_ERROR, ON_PACKET, SINK, type TransportSink } from "./internal.js";

export type TransportReadyState = "open" | "closing" | "closed";

/** Headers a transport adds to a response; the engine fills them (cors, cookie, user hooks). */
export type ResponseHeaders = Record<string, string | string[]>;

/** What the engine hands each new transport instance. */
export interface TransportInit {
  /** The request that created the transport (handshake, or the upgrade request). */
  request: IncomingMessage;
  /** The parsed query string of that request. */
  query: URLSearchParams;
  protocol: ProtocolVersion;
  /** The engine's maxHttpBufferSize: the largest message/payload a peer may send. */
  maxHttpBufferSize: number;
  /** What this class's `setup()` returned as `settings` for this server (undefined without setup). */
  settings: unknown;
  /** Upgrade transports: the connection `setup().upgrade` produced (e.g. a `ws` WebSocket). */
  connection?: unknown;
  /**
   * The new session's id when this transport answers the handshake request itself (polling): its
   * first response carries the session cookie and the `initial_headers` event.
   */
  sid?: string;
  /**
   * Adds the engine's headers (the session cookie and `initial_headers` when `handshakeSid` is
   * given, then the `headers` hook) to a response. Transports call it through `decorateHeaders`.
   */
  decorateHeaders: (headers: ResponseHeaders, request: IncomingMessage, handshakeSid?: string) => void;
}

/** Per-server resources of a transport class, created once by the engine (see `TransportClass.setup`). */
export interface TransportSetup {
  /** Handed to every instance as `init.settings` (validated options, a shared host object…). */
  settings?: unknown;
  /** The per-server object behind the transport, for users who reach for it (engine.io's `engine.ws`). */
  host?: unknown;
  /**
   * HTTP-upgrade transports only: finish the upgrade (e.g. the WebSocket handshake, adding `headers`
   * to the response) and call `done` with the connection, or destroy `socket` and never call `done`.
   */
  upgrade?(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    headers: ResponseHeaders,
    done: (connection: unknown) => void,
  ): void;
  /** Releases what setup created; called by `Server.close()`. */
  close?(): void;
}

/** A transport class as the engine's `transports` option accepts it. */
export interface TransportClass {
  new (init: TransportInit): Transport;
  /** The name clients put in `?transport=`. */
  readonly transportName: string;
  /** Names of the transports a session on this one may upgrade to. */
  readonly upgradesTo: readonly string[];
  /** true when the transport speaks over an HTTP upgrade (the engine calls `setup().upgrade`). */
  readonly handlesUpgrades: boolean;
  /**
   * The transport's own options with their defaults (e.g. polling's `httpCompression: true`). The
   * engine merges them into its resolved options under the caller's values, so `engine.opts` shows
   * them; this is the one place they are written.
   */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Optional per-server setup, called once per engine with the engine's (validated, frozen) options. */
  setup?(options: Readonly<Record<string, unknown>>): TransportSetup;
}

export abstract class Transport extends EventEmitter {
  static readonly transportName: string = "";
  static readonly upgradesTo: readonly string[] = [];
  static readonly handlesUpgrades: boolean = false;

  readyState: TransportReadyState = "open";
  /** true when `send` may be called now (a pending poll is open, or the previous write drained). */
  writable = false;
  /** Set when the session dropped this transport (upgrade done, or a forced close). */
  discarded = false;
  readonly protocol: ProtocolVersion;
  /** false for Engine.IO v3 clients that asked for base64 (`b64`): binary goes out as base64 text. */
  supportsBinary: boolean;
  readonly maxHttpBufferSize: number;
  /** @internal the session that owns this transport (a direct call, not a listener per event). */
  [SINK]: TransportSink | null = null;
  protected readonly codec: Codec;
  readonly #decorate: TransportInit["decorateHeaders"];
  /** The session id for the cookie of the handshake response, until that response is written. */
  #handshakeSid: string | undefined;

  constructor(init: TransportInit) {
    super();
    // Transport events are for observers; most transports never get a listener.
    withoutListenerTable(this);
    this.protocol = init.protocol;
    // Only v3 clients ask for base64 (`b64`); v4 payloads carry base64 by definition.
    this.supportsBinary = !(init.protocol === 3 && init.query.has("b64"));
    this.maxHttpBufferSize = init.maxHttpBufferSize;
    this.codec = codecFor(init.protocol);
    this.#decorate = init.decorateHeaders;
    this.#handshakeSid = init.sid;
  }

  /**
   * Adds the engine's headers to a response this transport is about to write: the session cookie
   * and `initial_headers` on the first (the handshake's), the `headers` hook on every one.
   */
  protected decorateHeaders(headers: ResponseHeaders, request: IncomingMessage): void {
    const sid = this.#handshakeSid;
    this.#handshakeSid = undefined;
    this.#decorate(headers, request, sid);
  }

  /** The transport's name, as clients send it in `?transport=`. */
  get name(): string {
    return (this.constructor as TransportClass).transportName;
  }

  /** Names of the transports a session on this one may upgrade to (the class's list). */
  get upgradesTo(): readonly string[] {
    return (this.constructor as TransportClass).upgradesTo;
  }

  get handlesUpgrades(): boolean {
    return (this.constructor as TransportClass).handlesUpgrades;
  }

  /** true when one packet travels in one frame (WebSocket); false when packets are batched in payloads. */
  get supportsFraming(): boolean {
    return false;
  }

  /**
   * Called by the session for a packet whose data and options object are shared by many sessions
   * (`preEncoded`: a broadcast), before `packetCreate` fires: a transport that keeps a ready
   * encoding of such packets may expose it on that options object for observers. Does nothing
   * here; it runs once per recipient, so an override must stay cheap after the first.
   */
  prepareSharedPacket(_packet: Packet): void {}

  /**
   * A packet written straight to the peer from a ready encoding, outside the session's write
   * buffer: a broadcast's message (`options` shared by its recipients, `preEncoded`) or a ping.
   * True if it was written; false if this transport cannot do that now, and the session takes its
   * normal path. Only called while `writable`, with nothing buffered, no send callback and no
   * observer of the write events; an override that writes leaves `writable` false until the write
   * is done and then calls onDrain, as `send` does. Never writes here.
   */
  writeDirect(_type: PacketType, _data: RawData | undefined, _options: PacketOptions | undefined): boolean {
    return false;
  }

  /** Writes packets to the peer; only called while `writable`. */
  abstract send(packets: Packet[]): void;

  /** Closes the underlying connection; `fn` runs once it is closed. */
  protected abstract doClose(fn?: () => void): void;

  /** Request/response transports: a new HTTP request for this session. */
  onRequest(_request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(400).end();
  }

  /** Stops the transport delivering to its session (the session has moved on or is closing). */
  discard(): void {
    this.discarded = true;
  }

  close(fn?: () => void): void {
    if (this.readyState === "closed" || this.readyState === "closing") return;
    this.readyState = "closing";
    this.doClose(fn);
  }

  /** Reports a failure; the session closes with reason "transport error" (or the error's own reason). */
  protected onError(message: string, description?: unknown): void {
    const error =
      description instanceof EngineError
        ? description
        : new EngineError(
            "ERR_ENGINE_TRANSPORT_ERROR",
            message,
            description === undefined ? undefined : { cause: description },
          );
    if (this.listenerCount("error") > 0) this.emit("error", error);
    this[SINK]?.[ON_ERROR](this, error);
  }

  /** Raw data from the peer (one frame, or one packet of a payload) -> a packet. */
  protected onData(data: RawData): void {
    this.onPacket(this.codec.decodePacket(data));
  }

  protected onPacket(packet: Packet): void {
    this.emit("packet", packet);
    this[SINK]?.[ON_PACKET](this, packet);
  }

  /**
   * A write finished or the transport became writable: the session runs the callbacks of what was
   * sent and flushes its buffer if `writable`. Subclasses set `writable` before calling this.
   */
  protected onDrain(): void {
    this.emit("drain");
    this[SINK]?.[ON_DRAIN](this);
  }

  protected onClose(): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    this.writable = false;
    this.emit("close");
    this[SINK]?.[ON_CLOSE](this);
  }
}
