// biome-ignore-all lint/suspicious/noExplicitAny: decoded packets come from a user-chosen parser
// One engine session: decodes its packets, routes them to the socket of each namespace it joined,
// and encodes what the sockets send. A socketry engine session calls the client directly (its
// SESSION_OBSERVER hook); other engines get listeners, shared module functions that find the
// client through a symbol, so a client allocates no closures either way.
import { DECODED_OBSERVER, PacketType } from "@socketry/parser";
import { callMethod } from "@socketry/shared";
import type { SocketId } from "./adapter-types.js";
import { REASON_TOO_MANY_UNKNOWN_NAMESPACES, type DisconnectReason } from "./disconnect-reasons.js";
import { SESSION_OBSERVER, type EngineSocketLike, type EngineWriteOptions } from "./engine-types.js";
import { serverError } from "./errors.js";
import { logClient } from "./log.js";
import type { Namespace } from "./namespace.js";
import type { Server } from "./server.js";
import type { DecoderLike } from "./server-options.js";
import type { Socket } from "./socket.js";
import type { DefaultEventsMap, EventsMap } from "./typed-events.js";
import { connectErrorPayload, isV2, splitV2Namespace } from "./v2-compat.js";

export interface OutgoingPacket {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

interface DecodedPacket {
  type: number;
  nsp: string;
  data?: any;
  id?: number;
}

const CLIENT = Symbol("socketry.client");
// Timer and tick targets, run through callMethod: no closure per client.
const CONNECT_V2_ROOT = Symbol("connectV2Root");
const CONNECT_TIMEOUT = Symbol("connectTimeout");
type Carrier = { [CLIENT]?: Client<any, any, any, any> };
type ObservableConn = EngineSocketLike & { [SESSION_OBSERVER]?: Client<any, any, any, any> | null };
type ObservableDecoder = DecoderLike & { [DECODED_OBSERVER]?: Client<any, any, any, any> | null };

const WRITE_PLAIN: EngineWriteOptions = { compress: true };

export class Client<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> {
  readonly conn: EngineSocketLike;
  readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  readonly id: string;
  // The sockets of the joined namespaces: almost every client joins one, so a Map (~330 bytes)
  // exists only once a second namespace joins or someone reads `nsps`.
  #onlySocket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | undefined;
  #socketsByName: Map<string, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>> | undefined;

  readonly #decoder: DecoderLike;
  #connectTimer: NodeJS.Timeout | undefined;
  #unknownNamespaces = 0;
  #closed = false;
  /** A protocol violation or a parse error asked the engine to close: nothing more is handled. */
  #closing = false;
  /** Namespaces whose CONNECT is being processed (middlewares, dynamic matchers); created on demand. */
  #joining: Set<string> | undefined;

  constructor(server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, conn: EngineSocketLike) {
    this.server = server;
    this.conn = conn;
    this.id = conn.id;
    const decoder = new server._parser.Decoder();
    this.#decoder = decoder;
    if (DECODED_OBSERVER in decoder) {
      (decoder as ObservableDecoder)[DECODED_OBSERVER] = this;
    } else {
      (decoder as Carrier)[CLIENT] = this;
      decoder.on("decoded", onDecoded);
    }
    if (SESSION_OBSERVER in conn) {
      (conn as ObservableConn)[SESSION_OBSERVER] = this;
    } else {
      (conn as Carrier)[CLIENT] = this;
      conn.on("data", onData);
      conn.on("error", onError);
      conn.on("close", onClose);
    }
    this.#connectTimer = setTimeout(callMethod, server._settings.connectTimeout, this, CONNECT_TIMEOUT);
    // Socket.IO v2 clients are connected to "/" without asking (on the next tick, so the
    // middlewares never run inside the engine's own "connection" event).
    if (isV2(conn.protocol)) process.nextTick(callMethod, this, CONNECT_V2_ROOT);
  }

  /** @internal */
  [CONNECT_V2_ROOT](): void {
    if (!this.#closed) this.#connect("/", {});
  }

  get request(): EngineSocketLike["request"] {
    return this.conn.request;
  }

  /** The socket of each joined namespace, by namespace name (a live map). */
  get nsps(): Map<string, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>> {
    if (this.#socketsByName === undefined) {
      this.#socketsByName = new Map();
      const only = this.#onlySocket;
      if (only !== undefined) this.#socketsByName.set(only.nsp.name, only);
      this.#onlySocket = undefined;
    }
    return this.#socketsByName;
  }

  /** The sockets of this client, by socket id. */
  get sockets(): Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>> {
    const byId = new Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
    for (const socket of this.#allSockets()) byId.set(socket.id, socket);
    return byId;
  }

  #socketOf(name: string): Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | undefined {
    if (this.#socketsByName !== undefined) return this.#socketsByName.get(name);
    const only = this.#onlySocket;
    return only !== undefined && only.nsp.name === name ? only : undefined;
  }

  /** A snapshot: callers may remove sockets while they iterate. */
  #allSockets(): Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>[] {
    if (this.#socketsByName !== undefined) return [...this.#socketsByName.values()];
    return this.#onlySocket === undefined ? [] : [this.#onlySocket];
  }

  #addSocket(name: string, socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    if (this.#socketsByName === undefined && this.#onlySocket === undefined) this.#onlySocket = socket;
    else this.nsps.set(name, socket);
  }

  #forgetSockets(): void {
    this.#onlySocket = undefined;
    this.#socketsByName?.clear();
  }

  /** @internal DecodedObserver: a complete packet from the decoder. */
  onDecoded(packet: DecodedPacket): void {
    // On the next tick, so a listener's error never looks like a parse error.
    process.nextTick(dispatchDecoded, this, packet);
  }

  /** @internal SessionObserver: a message from the engine session. */
  onSessionData(data: unknown): void {
    this.ondata(data);
  }

  /** @internal SessionObserver: the engine session closed. */
  onSessionClose(reason: DisconnectReason, description?: unknown): void {
    this._onclose(reason, description);
  }

  // ---- incoming ----

  /** Feeds one engine message to the decoder (the official name: tools and tests call it). */
  ondata(data: unknown): void {
    if (this.#closed || this.#closing) return;
    try {
      this.#decoder.add(data);
    } catch (err) {
      this.#onParseError(err);
    }
  }

  #onParseError(err: unknown): void {
    // Every rejection closes the session, a reserved event name ("connect", "disconnect", ...)
    // included: the official parser refuses those as an invalid payload.
    // The parser's own message (the official one), our code, the parser's error as the cause.
    const error = serverError("ERR_SERVER_PARSE_ERROR", (err as Error)?.message ?? String(err), err);
    logClient("client %s sent an invalid packet: %s", this.id, error.message);
    for (const socket of this.#allSockets()) socket._onerror(error);
    // As officially: the session is closed cleanly (pending packets first), and the sockets
    // leave with the engine's reason.
    this.#closeConn();
  }

  /** Asks the engine to close the session; the sockets leave when it reports the close. */
  #closeConn(): void {
    this.#closing = true;
    if (this.conn.readyState === "open") this.conn.close();
    else this._onclose("forced close");
  }

  /** @internal Runs on the tick after decoding, so listener errors never look like parse errors. */
  _ondecoded(packet: DecodedPacket): void {
    if (this.#closed || this.#closing) return;
    if (packet.type === PacketType.CONNECT) {
      this.#onConnectPacket(packet);
      return;
    }
    const socket = this.#socketOf(packet.nsp);
    if (socket === undefined || packet.type === PacketType.CONNECT_ERROR) {
      // A packet for a namespace the client has not joined (or a server-only packet type): the
      // client does not follow the protocol, and the session is closed as officially.
      this.#protocolViolation(
        `packet of type ${packet.type} for namespace ${String(packet.nsp)}, which it has not joined`,
      );
      return;
    }
    socket._onpacket(packet);
  }

  #protocolViolation(what: string): void {
    logClient("client %s broke the protocol: %s", this.id, what);
    this._closeWith("forced server close");
  }

  #onConnectPacket(packet: DecodedPacket): void {
    let name = packet.nsp;
    // No auth payload (most clients): none is allocated until socket.handshake.auth is read.
    let auth: Record<string, unknown> | undefined = isObject(packet.data) ? packet.data : undefined;
    if (isV2(this.conn.protocol)) {
      const split = splitV2Namespace(packet.nsp);
      name = split.name;
      auth = split.query;
    }
    // A second CONNECT for a joined namespace breaks the protocol and closes the session, as
    // officially; one that comes while the first is still being decided (middlewares, dynamic
    // matchers) is dropped, so it can never make a second socket.
    if (this.#joining?.has(name)) return;
    if (this.#socketOf(name) !== undefined) {
      this.#protocolViolation(`a second CONNECT for namespace ${name}`);
      return;
    }
    this.#connect(name, auth);
  }

  #connect(name: string, given: Record<string, unknown> | undefined): void {
    let auth = given;
    const existing = this.server._nsps.get(name);
    if (existing !== undefined) {
      this.#join(existing, auth);
      return;
    }
    // No dynamic namespace to ask: refused at once, with nothing allocated for the name.
    if (this.server._parentNsps.size === 0) {
      this.#refuseUnknown(name, undefined);
      return;
    }
    (this.#joining ??= new Set()).add(name);
    // The matcher and the socket see the same auth object, as officially.
    auth ??= {};
    this.server._checkNamespace(name, auth, (dynamic, refusal) => {
      this._joinSettled(name);
      if (this.#closed || this.#closing) return;
      if (dynamic) this.#join(dynamic, auth);
      else this.#refuseUnknown(name, refusal);
    });
  }

  #join(
    nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    auth: Record<string, unknown> | undefined,
  ): void {
    (this.#joining ??= new Set()).add(nsp.name);
    nsp._add(this, auth);
  }

  /** @internal The namespace's middlewares answered (accepted or refused) for `name`. */
  _joinSettled(name: string): void {
    this.#joining?.delete(name);
    if (this.#joining?.size === 0) this.#joining = undefined;
  }

  /** @internal The namespace accepted `socket`: the client is connected to it. */
  _joined(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    this.#addSocket(socket.nsp.name, socket);
    clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }

  /** Answers "Invalid namespace"; `refusal` carries the code of a limit (a dynamic parent's cap). */
  #refuseUnknown(name: string, refusal: { code: string } | undefined): void {
    logClient("client %s: unknown namespace %s", this.id, name);
    this._packet(
      {
        type: PacketType.CONNECT_ERROR,
        nsp: name,
        data: connectErrorPayload(this.conn.protocol, "Invalid namespace", refusal),
      },
      WRITE_PLAIN,
    );
    this.#unknownNamespaces++;
    if (this.#unknownNamespaces <= this.server._settings.maxUnknownNamespaces) return;
    const error = serverError(
      "ERR_SERVER_TOO_MANY_UNKNOWN_NAMESPACES",
      `client ${this.id} tried more than ${this.server._settings.maxUnknownNamespaces} unknown namespaces`,
    );
    for (const socket of this.#allSockets()) socket._onerror(error);
    this._closeWith(REASON_TOO_MANY_UNKNOWN_NAMESPACES);
  }

  // ---- outgoing ----

  /** @internal Encodes and writes one packet; with `preEncoded`, `packet` is the parser's output already (official contract). */
  _packet(packet: OutgoingPacket | unknown[], opts: EngineWriteOptions): void {
    if (this.conn.readyState !== "open") return;
    this.writeToEngine(
      opts.preEncoded ? (packet as unknown[]) : this.server.encoder.encode(packet as OutgoingPacket),
      opts,
    );
  }

  /** Writes packets already encoded by the parser (also called by adapters, once per recipient). */
  writeToEngine(encodedPackets: unknown[], opts: EngineWriteOptions): void {
    const conn = this.conn;
    if (conn.readyState !== "open") return;
    // Compression is on unless compress(false) said otherwise: a broadcast's options object
    // (shared by its recipients) is completed once, as engine.io completes it.
    if (opts.compress === undefined && Object.isExtensible(opts)) opts.compress = true;
    // Volatile: dropped when the transport cannot take it now — not writable, or already holding
    // packets for its next write (a payload transport sends once per tick).
    if (opts.volatile && (conn.transport.writable === false || (conn.writeBuffer?.length ?? 0) > 0)) return;
    for (let i = 0; i < encodedPackets.length; i++) conn.write(encodedPackets[i] as string | Buffer, opts);
  }

  // ---- lifecycle ----

  /** @internal A socket left its namespace. */
  _remove(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    if (this.#onlySocket === socket) this.#onlySocket = undefined;
    else if (this.#socketsByName?.get(socket.nsp.name) === socket) this.#socketsByName.delete(socket.nsp.name);
  }

  /** @internal socket.disconnect(true): every socket leaves, then the session closes. */
  _disconnect(): void {
    for (const socket of this.#allSockets()) socket.disconnect();
    this.#forgetSockets();
    this._closeWith("forced server close");
  }

  /** @internal Ends every socket with `reason`, then closes the engine session (pending writes are flushed first). */
  _closeWith(reason: DisconnectReason): void {
    const open = this.conn.readyState === "open";
    this._onclose(reason);
    if (open) this.conn.close();
  }

  /** @internal The engine session closed (or is being closed): release everything. */
  _onclose(reason: DisconnectReason, description?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    logClient("client %s closed (%s)", this.id, reason);
    clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
    const conn = this.conn as ObservableConn;
    if (conn[SESSION_OBSERVER] === this) {
      conn[SESSION_OBSERVER] = null;
    } else {
      conn.removeListener("data", onData);
      conn.removeListener("close", onClose);
    }
    const decoder = this.#decoder as ObservableDecoder;
    if (decoder[DECODED_OBSERVER] === this) decoder[DECODED_OBSERVER] = null;
    else decoder.removeListener?.("decoded", onDecoded);
    decoder.destroy();
    for (const socket of this.#allSockets()) socket._onclose(reason, description);
    this.#forgetSockets();
  }

  /** @internal No namespace joined within connectTimeout: the session closes. */
  [CONNECT_TIMEOUT](): void {
    this.#connectTimer = undefined;
    if (this.#onlySocket !== undefined || (this.#socketsByName?.size ?? 0) > 0) return;
    logClient("client %s joined no namespace within connectTimeout", this.id);
    this._closeWith("forced server close");
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Shared listeners: `this` is the engine socket or the decoder that emitted.
function onData(this: Carrier, data: unknown): void {
  this[CLIENT]?.ondata(data);
}

function onError(this: Carrier, _err: unknown): void {
  // The engine reports transport errors through "close" too; this listener only keeps an
  // "error" event from becoming an uncaught exception.
}

function onClose(this: Carrier, reason: DisconnectReason, description?: unknown): void {
  this[CLIENT]?._onclose(reason, description);
}

function onDecoded(this: Carrier, packet: DecodedPacket): void {
  const client = this[CLIENT];
  if (client !== undefined) process.nextTick(dispatchDecoded, client, packet);
}

function dispatchDecoded(client: Client<any, any, any, any>, packet: DecodedPacket): void {
  client._ondecoded(packet);
}
