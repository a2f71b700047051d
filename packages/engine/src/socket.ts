// One Engine.IO session: its write buffer, heartbeat, upgrade and close. Per-session state is kept
// small on purpose (a benchmark counts bytes per idle session): heartbeats wait in shared deadline
// queues instead of a Timeout each, the owner is called directly instead of through listeners,
// upgrade state exists only during an upgrade, send callbacks are allocated only when passed.
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Packet, PacketOptions, PacketType, RawData } from "@socketry/engine-parser";
import { callMethod, withoutListenerTable } from "@socketry/shared";
import type { ProtocolVersion } from "./codec.js";
import {
  type DeadlineQueue,
  QUEUE_DEADLINE,
  QUEUE_NEXT,
  QUEUE_OWNER,
  QUEUE_PREV,
  type QueueEntry,
} from "./deadline-queue.js";
import { EngineError } from "./errors.js";
import { logSocket } from "./log.js";
import { openPacketData } from "./open-packet.js";
import {
  CLOSE_WITH_REASON,
  ON_CLOSE,
  ON_DRAIN,
  ON_ERROR,
  ON_PACKET,
  REMOVE_CLIENT,
  SESSION_HOST,
  SINK,
  START_UPGRADE,
} from "./internal.js";
import type { Server } from "./server.js";
import type { Transport } from "./transport.js";

export type SocketReadyState = "opening" | "open" | "closing" | "closed";

/** Why a session closed: engine.io's reasons, plus socketry's own for its limits. */
export type CloseReason =
  | "transport close"
  | "transport error"
  | "ping timeout"
  | "forced close"
  | "server shutting down"
  | "parse error"
  | "payload too large"
  | "write buffer full";

export type SendCallback = () => void;

/**
 * Write options: `preEncoded` marks data and options shared by many sessions (a broadcast);
 * `wsPreEncodedFrame` is a ready WebSocket frame (its parts) from an adapter written for the
 * official server, written as is by a WebSocket transport without permessage-deflate.
 */
export interface WriteOptions extends PacketOptions {
  preEncoded?: boolean;
  wsPreEncodedFrame?: readonly Buffer[];
}

/** The events a session emits, with their arguments. */
export interface SocketEvents {
  open: () => void;
  packet: (packet: Packet) => void;
  packetCreate: (packet: Packet) => void;
  message: (data: RawData) => void;
  data: (data: RawData) => void;
  flush: (packets: Packet[]) => void;
  drain: () => void;
  heartbeat: () => void;
  upgrading: (transport: Transport) => void;
  upgrade: (transport: Transport) => void;
  error: (error: EngineError) => void;
  close: (reason: CloseReason, description?: unknown) => void;
}

// Typed listeners for the known events (other names still go through EventEmitter's signature).
export interface Socket {
  on<E extends keyof SocketEvents>(event: E, listener: SocketEvents[E]): this;
  once<E extends keyof SocketEvents>(event: E, listener: SocketEvents[E]): this;
  off<E extends keyof SocketEvents>(event: E, listener: SocketEvents[E]): this;
}

const HEARTBEAT_FIRED = Symbol("heartbeatFired");
const FLUSH_QUEUED = Symbol("flushQueued");

/**
 * Direct calls from a session to the one component that owns it (the Socket.IO client), instead
 * of listeners: a session nobody else listens to never creates its listener table (~230 bytes).
 * The key is registered (`Symbol.for`) so a server package can use it without importing the engine.
 */
export const SESSION_OBSERVER: unique symbol = Symbol.for("socketry.engine.sessionObserver") as never;

export interface SessionObserver {
  /** A message arrived (before the "data"/"message" events). */
  onSessionData(data: RawData): void;
  /** The session closed (before the "close" event). */
  onSessionClose(reason: CloseReason, description?: unknown): void;
}
const UPGRADE_TIMED_OUT = Symbol("upgradeTimedOut");
const RELEASE_POLL = Symbol("releasePoll");
/** ms between the probe's answer and the noop that releases the client's open poll (as engine.io's check). */
const POLL_RELEASE_DELAY_MS = 100;
const COMPRESS: PacketOptions = Object.freeze({ compress: true });
const NO_COMPRESS: PacketOptions = Object.freeze({ compress: false });
const NOOP_PACKETS: readonly Packet[] = Object.freeze([Object.freeze({ type: "noop" as const })]);
const NO_CALLBACKS: readonly never[] = Object.freeze([]);

/** An upgrade in progress; it waits in its server's upgradeTimeout queue (no timer of its own). */
class UpgradeState implements QueueEntry {
  [QUEUE_NEXT]: QueueEntry | null = null;
  [QUEUE_PREV]: QueueEntry | null = null;
  [QUEUE_DEADLINE] = 0;
  [QUEUE_OWNER]: object | null = null;
  probed = false;
  /** Releases the poll the client left open, a moment after the probe was answered. */
  releaseTimer: NodeJS.Timeout | null = null;
  readonly session: Socket;
  readonly transport: Transport;

  constructor(session: Socket, transport: Transport) {
    this.session = session;
    this.transport = transport;
  }

  /** The release timer fired (see Socket[RELEASE_POLL]). */
  [RELEASE_POLL](): void {
    this.session[RELEASE_POLL](this);
  }

  stopWaiting(): void {
    (this[QUEUE_OWNER] as DeadlineQueue<UpgradeState> | null)?.remove(this);
    if (this.releaseTimer !== null) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
  }
}

// Socket is a TransportSink (checked where the transport gets it) and a QueueEntry (checked where
// it joins a queue); no `implements` clause, so the public types do not name those internals.
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only types the events of this class
export class Socket extends EventEmitter {
  readonly id: string;
  readonly server: Server;
  /**
   * The request that opened the session, kept as engine.io keeps it (session middlewares read it).
   * Assign null in an engine "connection" listener to release it and what it holds.
   */
  request: IncomingMessage;
  readonly protocol: ProtocolVersion;
  readonly remoteAddress: string;
  readyState: SocketReadyState = "opening";
  upgrading = false;
  upgraded = false;
  /** Packets waiting for the transport to become writable. */
  writeBuffer: Packet[] = [];
  transport: Transport;
  #bufferedBytes = 0;
  /** Callbacks parallel to writeBuffer (allocated on the first send with a callback). */
  #pendingCallbacks: Array<SendCallback | undefined> | null = null;
  /** Callbacks of packets handed to the transport, run when it drains. */
  #sentCallbacks: SendCallback[] | null = null;
  /** The component that owns this session, called before the matching events. */
  [SESSION_OBSERVER]: SessionObserver | null = null;
  // Heartbeat: the session waits in one of its server's deadline queues (see deadline-queue.ts).
  /** @internal */
  [QUEUE_NEXT]: QueueEntry | null = null;
  /** @internal */
  [QUEUE_PREV]: QueueEntry | null = null;
  /** @internal */
  [QUEUE_DEADLINE] = 0;
  /** @internal */
  [QUEUE_OWNER]: object | null = null;
  #awaitingPong = false;
  #flushQueued = false;
  #closeAfterFlush = false;
  #upgrade: UpgradeState | null = null;

  constructor(id: string, server: Server, transport: Transport, request: IncomingMessage, protocol: ProtocolVersion) {
    super();
    // Most sessions get no listener besides their observer.
    withoutListenerTable(this);
    this.id = id;
    this.server = server;
    this.request = request;
    this.protocol = protocol;
    this.remoteAddress = request.socket?.remoteAddress ?? "";
    this.transport = transport;
    transport[SINK] = this;
    this.#open();
  }

  /** Sends a message packet; `callback` runs once the transport has written it. */
  send(data: RawData, options?: WriteOptions | SendCallback, callback?: SendCallback): this {
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    this.#sendPacket("message", data, options, callback);
    return this;
  }

  write(data: RawData, options?: WriteOptions | SendCallback, callback?: SendCallback): this {
    return this.send(data, options, callback);
  }

  /** Closes the session: flushes the write buffer first unless `discard`. Reason "forced close". */
  close(discard = false): this {
    this[CLOSE_WITH_REASON]("forced close", discard);
    return this;
  }

  /** Callbacks of the packets still in the write buffer (empty once closed), as engine.io exposes them. */
  get packetsFn(): ReadonlyArray<SendCallback | undefined> {
    return this.#pendingCallbacks ?? NO_CALLBACKS;
  }

  /** Callbacks of the packets handed to the transport, run when it drains (empty once closed). */
  get sentCallbackFn(): readonly SendCallback[] {
    return this.#sentCallbacks ?? NO_CALLBACKS;
  }

  /** Ends the session as a transport failure would (engine.io's `onError`): reason "transport error". */
  onError(message?: string): void {
    this.#fail(new EngineError("ERR_ENGINE_TRANSPORT_ERROR", message || "transport error"));
  }

  /** Transports this session may still upgrade to. */
  getAvailableUpgrades(): string[] {
    return this.server.upgrades(this.transport.name);
  }

  /** @internal */
  [CLOSE_WITH_REASON](reason: CloseReason, discard: boolean): void {
    if (this.readyState === "closed") return;
    if (discard) {
      // Now, whatever was pending (a graceful close waiting for the next poll included).
      this.#onClose(reason);
      return;
    }
    if (this.writeBuffer.length === 0) {
      this.readyState = "closing";
      this.#closeTransport(reason, discard);
      return;
    }
    if (this.readyState !== "open") return;
    this.readyState = "closing";
    this.#closeAfterFlush = true;
  }

  /** @internal the engine found a second transport (a WebSocket) for this session. */
  [START_UPGRADE](transport: Transport): void {
    logSocket("session %s: upgrade to %s started", this.id, transport.name);
    this.upgrading = true;
    transport[SINK] = this;
    const upgrade = new UpgradeState(this, transport);
    this.#upgrade = upgrade;
    this.server[SESSION_HOST].queue("upgrade", this.server.opts.upgradeTimeout, onUpgradeTimeout).add(upgrade);
  }

  // ---- transport -> session (TransportSink) ----

  /** @internal */
  [ON_PACKET](transport: Transport, packet: Packet): void {
    if (transport !== this.transport) {
      this.#onProbePacket(transport, packet);
      return;
    }
    if (this.readyState !== "open") return;
    this.emit("packet", packet);
    if (this.protocol === 3) this.#waitHeartbeat(this.server.opts.pingInterval + this.server.opts.pingTimeout);
    switch (packet.type) {
      case "message":
        this[SESSION_OBSERVER]?.onSessionData(packet.data as RawData);
        this.emit("data", packet.data);
        this.emit("message", packet.data);
        break;
      case "pong":
        if (this.protocol === 3)
          return this.#fail(new EngineError("ERR_ENGINE_TRANSPORT_ERROR", "invalid heartbeat direction"));
        this.#awaitingPong = false;
        this.#schedulePing();
        this.emit("heartbeat");
        break;
      case "ping":
        if (this.protocol !== 3)
          return this.#fail(new EngineError("ERR_ENGINE_TRANSPORT_ERROR", "invalid heartbeat direction"));
        this.#sendPacket("pong", packet.data, undefined, undefined);
        this.emit("heartbeat");
        break;
      case "error":
        this.#onClose("parse error", new EngineError("ERR_ENGINE_PARSE_ERROR", "malformed packet from the client"));
        break;
      case "close":
        this.transport.close();
        this.#onClose("transport close");
        break;
      default:
        break; // noop, upgrade (outside an upgrade) and open carry nothing for the session
    }
  }

  /** @internal */
  [ON_ERROR](transport: Transport, error: EngineError): void {
    if (transport !== this.transport) {
      this.#abortUpgrade();
      return;
    }
    this.#fail(error);
  }

  /** @internal */
  [ON_DRAIN](transport: Transport): void {
    if (transport !== this.transport) return;
    const callbacks = this.#sentCallbacks;
    if (callbacks !== null) {
      this.#sentCallbacks = null;
      for (const callback of callbacks) callback();
    }
    this.flush();
    // During an upgrade, a poll the client left open is answered with a noop so it can switch.
    if (this.#upgrade?.probed && transport.writable) transport.send(NOOP_PACKETS as Packet[]);
  }

  /** @internal */
  [ON_CLOSE](transport: Transport): void {
    if (transport !== this.transport) {
      this.#abortUpgrade();
      return;
    }
    this.#onClose("transport close");
  }

  /** Hands the write buffer to the transport if it can take it. */
  flush(): void {
    if (this.readyState === "closed" || !this.transport.writable || this.writeBuffer.length === 0) return;
    const packets = this.writeBuffer;
    this.emit("flush", packets);
    this.server.emit("flush", this, packets);
    this.writeBuffer = [];
    this.#bufferedBytes = 0;
    const callbacks = this.#pendingCallbacks;
    if (callbacks !== null) {
      this.#pendingCallbacks = null;
      for (const callback of callbacks) if (callback !== undefined) (this.#sentCallbacks ??= []).push(callback);
    }
    this.transport.send(packets);
    this.emit("drain");
    this.server.emit("drain", this);
    if (this.#closeAfterFlush && this.writeBuffer.length === 0) {
      this.#closeAfterFlush = false;
      this.#closeTransport("forced close", false);
    }
  }

  // ---- internals ----

  #open(): void {
    this.readyState = "open";
    this.#sendPacket(
      "open",
      openPacketData(this.server[SESSION_HOST].openTail, this.id, this.getAvailableUpgrades()),
      undefined,
      undefined,
    );
    const initial = this.server.opts.initialPacket;
    if (initial !== undefined) this.#sendPacket("message", initial as RawData, undefined, undefined);
    this.emit("open");
    if (this.protocol === 3) {
      // v3: the client pings; silence longer than interval + timeout ends the session.
      this.#waitHeartbeat(this.server.opts.pingInterval + this.server.opts.pingTimeout);
    } else {
      this.#schedulePing();
    }
  }

  #schedulePing(): void {
    this.#waitHeartbeat(this.server.opts.pingInterval, "ping");
  }

  /** Starts (or restarts) the wait for the next heartbeat event, `ms` from now. */
  #waitHeartbeat(ms: number, kind: "ping" | "heartbeat" = "heartbeat"): void {
    this.server[SESSION_HOST].queue(kind, ms, onHeartbeatExpired).add(this);
  }

  #stopHeartbeat(): void {
    (this[QUEUE_OWNER] as DeadlineQueue<Socket> | null)?.remove(this);
  }

  /** @internal called when the session's heartbeat wait expires. */
  [HEARTBEAT_FIRED](): void {
    if (this.readyState === "closed") return;
    if (this.protocol === 3 || this.#awaitingPong) {
      this.#onClose("ping timeout");
      return;
    }
    this.#awaitingPong = true;
    this.#sendPacket("ping", undefined, undefined, undefined);
    this.#waitHeartbeat(this.server.opts.pingTimeout);
  }

  #sendPacket(
    type: PacketType,
    data: RawData | undefined,
    options: PacketOptions | undefined,
    callback: SendCallback | undefined,
  ): void {
    if (this.readyState === "closing" || this.readyState === "closed") return;
    // A broadcast's options object is shared by all its recipients: it stays on the packet, where
    // transports may cache their encoding of the (equally shared) data; so does one carrying a
    // ready WebSocket frame. Others are normalised.
    const given = options as WriteOptions | undefined;
    const shared = given !== undefined && given.preEncoded === true;
    // A broadcast or a heartbeat to an idle session nobody observes: the transport may write a
    // ready frame at once, without a packet, a flush or events (nothing would see them).
    if (
      (shared || type === "ping") &&
      callback === undefined &&
      this.writeBuffer.length === 0 &&
      this.transport.writable &&
      !this.#writesObserved() &&
      this.transport.writeDirect(type, data, given)
    )
      return;
    const packet: Packet = {
      type,
      options:
        shared || (given !== undefined && given.wsPreEncodedFrame !== undefined)
          ? given
          : given?.compress === false
            ? NO_COMPRESS
            : COMPRESS,
    };
    // null is sent as a message without data, as the official server sends it.
    if (data !== undefined && data !== null) packet.data = data;
    // The transport may expose its shared encoding (a WebSocket frame) before observers see it.
    if (shared) this.transport.prepareSharedPacket(packet);
    this.emit("packetCreate", packet);
    this.#bufferedBytes += sizeOf(data);
    if (this.#bufferedBytes > this.server.opts.maxWriteBufferSize) {
      this.#onClose(
        "write buffer full",
        new EngineError(
          "ERR_ENGINE_WRITE_BUFFER_FULL",
          "the peer is not reading: write buffer over maxWriteBufferSize",
          {
            details: { limit: this.server.opts.maxWriteBufferSize },
          },
        ),
      );
      return;
    }
    this.writeBuffer.push(packet);
    if (callback !== undefined || this.#pendingCallbacks !== null) {
      const callbacks = (this.#pendingCallbacks ??= new Array(this.writeBuffer.length - 1).fill(undefined));
      callbacks.push(callback);
    }
    if (this.transport.supportsFraming) {
      this.flush();
    } else if (!this.#flushQueued && this.transport.writable) {
      // A payload transport answers its open request once per tick, with every packet written in
      // that tick (the acks of one incoming payload, say), instead of one answer for the first.
      this.#flushQueued = true;
      process.nextTick(callMethod, this, FLUSH_QUEUED);
    }
  }

  /** Whether anyone listens to the events a write emits (packetCreate, flush, drain). */
  #writesObserved(): boolean {
    return (
      this.listenerCount("packetCreate") + this.listenerCount("flush") + this.listenerCount("drain") > 0 ||
      this.server.listenerCount("flush") + this.server.listenerCount("drain") > 0
    );
  }

  /** @internal the tick's deferred flush of a payload transport. */
  [FLUSH_QUEUED](): void {
    this.#flushQueued = false;
    this.flush();
  }

  #onProbePacket(transport: Transport, packet: Packet): void {
    const upgrade = this.#upgrade;
    if (upgrade === null || upgrade.transport !== transport) return;
    if (packet.type === "ping" && packet.data === "probe") {
      // Answered once: every answer is written directly (outside the write buffer and its cap), so
      // a client repeating the probe must not make the server queue answers without end.
      if (upgrade.probed) return;
      transport.send([{ type: "pong", data: "probe" }]);
      this.emit("upgrading", transport);
      upgrade.probed = true;
      // The client pauses polling once it has the probe's answer: the poll it left open is answered
      // with a noop so that it can switch. Not at once, as the official server does not either: a
      // session closed right after the probe (a server shutting down) must still reach the client
      // through that poll, with its close packet; a poll answered already would leave the official
      // client paused on a transport it no longer reads.
      upgrade.releaseTimer = setTimeout(callMethod, POLL_RELEASE_DELAY_MS, upgrade, RELEASE_POLL);
      return;
    }
    if (packet.type === "upgrade" && upgrade.probed && this.readyState !== "closed") {
      upgrade.stopWaiting();
      this.#upgrade = null;
      const previous = this.transport;
      // The new transport is the session's before the old one is discarded: discarding may run a
      // close that was waiting for the client's next poll, and that close must end this transport.
      this.transport = transport;
      this.upgrading = false;
      this.upgraded = true;
      logSocket("session %s upgraded to %s", this.id, transport.name);
      previous[SINK] = null;
      previous.discard();
      previous.close();
      if ((this.readyState as SocketReadyState) === "closed") return; // narrowed by TS, changed by discard()
      this.emit("upgrade", transport);
      this.flush();
      if (this.readyState === "closing" && !this.#closeAfterFlush) this.#closeTransport("forced close", false);
      return;
    }
    this.#abortUpgrade();
  }

  #abortUpgrade(): void {
    const upgrade = this.#upgrade;
    if (upgrade === null) return;
    this.#upgrade = null;
    this.upgrading = false;
    upgrade.stopWaiting();
    upgrade.transport[SINK] = null;
    upgrade.transport.close();
  }

  /** @internal the delay after the probe is over: the open poll gets its noop. */
  [RELEASE_POLL](upgrade: UpgradeState): void {
    upgrade.releaseTimer = null;
    if (this.#upgrade !== upgrade || this.readyState !== "open") return;
    if (this.transport.writable && this.writeBuffer.length === 0) this.transport.send(NOOP_PACKETS as Packet[]);
  }

  /** @internal called when `upgrade` waited upgradeTimeout without completing. */
  [UPGRADE_TIMED_OUT](upgrade: UpgradeState): void {
    if (this.#upgrade === upgrade) this.#abortUpgrade();
  }

  #closeTransport(reason: CloseReason, discard: boolean): void {
    if (discard) this.transport.discard();
    const transport = this.transport;
    // From here the close is ours: the transport's own close report must not rename the reason.
    transport[SINK] = null;
    if (transport.readyState === "closed") {
      this.#onClose(reason);
      return;
    }
    transport.close(() => this.#onClose(reason));
  }

  #fail(error: EngineError): void {
    const reason: CloseReason =
      error.code === "ERR_ENGINE_PAYLOAD_TOO_LARGE"
        ? "payload too large"
        : error.code === "ERR_ENGINE_PARSE_ERROR"
          ? "parse error"
          : "transport error";
    if (this.listenerCount("error") > 0) this.emit("error", error);
    this.#onClose(reason, error);
  }

  #onClose(reason: CloseReason, description?: unknown): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    logSocket("session %s closed: %s", this.id, reason);
    this.#stopHeartbeat();
    this.#abortUpgrade();
    const transport = this.transport;
    transport[SINK] = null;
    // Nothing more goes to this peer: a polling transport must not wait for another poll.
    transport.discard();
    transport.close();
    this.#pendingCallbacks = null;
    this.#sentCallbacks = null;
    this.server[REMOVE_CLIENT](this);
    const observer = this[SESSION_OBSERVER];
    this[SESSION_OBSERVER] = null;
    observer?.onSessionClose(reason, description);
    this.emit("close", reason, description);
    // Listeners of "close" may still read what was never sent; release it after them.
    this.writeBuffer = [];
    this.#bufferedBytes = 0;
  }
}

function onHeartbeatExpired(socket: Socket): void {
  socket[HEARTBEAT_FIRED]();
}

function onUpgradeTimeout(upgrade: UpgradeState): void {
  upgrade.session[UPGRADE_TIMED_OUT](upgrade);
}

function sizeOf(data: RawData | null | undefined): number {
  if (data === undefined || data === null) return 1;
  if (typeof data === "string") return data.length + 1;
  return data.byteLength + 1;
}
