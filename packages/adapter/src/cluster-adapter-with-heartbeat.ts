import { invalidAdapterOption } from "./errors.js";
import { ClusterAdapter } from "./cluster-adapter.js";
import {
  MessageType,
  type ClusterMessage,
  type ClusterResponse,
  type Offset,
  type OutgoingMessage,
  type ServerId,
} from "./cluster-messages.js";
import type { Responders } from "./cluster-requests.js";
import type { AdapterNamespace } from "./types.js";

export interface ClusterAdapterOptions {
  /** Milliseconds between two heartbeats (any message sent counts as one). @default 5_000 */
  heartbeatInterval?: number;
  /** Milliseconds without a message from a member before it is considered gone. @default 10_000 */
  heartbeatTimeout?: number;
}

const DEFAULTS: Readonly<Required<ClusterAdapterOptions>> = Object.freeze({
  heartbeatInterval: 5_000,
  heartbeatTimeout: 10_000,
});
/** How often members silent for longer than heartbeatTimeout are looked for. */
const CLEANUP_INTERVAL = 1_000;
/** The uid of the official emitters (they publish, but are not servers). */
const EMITTER_UID = "emitter";

/**
 * A ClusterAdapter that knows the other members: each announces itself when it starts
 * (INITIAL_HEARTBEAT, answered by a HEARTBEAT from every other member), sends a HEARTBEAT when it
 * has sent nothing for `heartbeatInterval`, and says ADAPTER_CLOSE when it closes; a member silent
 * for `heartbeatTimeout` is dropped. So `serverCount()` is exact, and requests wait for the members
 * by name: one that leaves is no longer waited for.
 */
export abstract class ClusterAdapterWithHeartbeat extends ClusterAdapter {
  private readonly _opts: Readonly<Required<ClusterAdapterOptions>>;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** Other members by uid, with the time their last message arrived. */
  private readonly nodesMap = new Map<ServerId, number>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  #closed = false;

  protected constructor(nsp: AdapterNamespace, opts: ClusterAdapterOptions = {}) {
    super(nsp);
    this._opts = resolveOptions(opts);
    this.#startCleanup();
  }

  override init(): Promise<void> | void {
    this.#closed = false;
    this.#startCleanup();
    const result = super.init();
    this.publish({ type: MessageType.INITIAL_HEARTBEAT });
    return result;
  }

  override close(): Promise<void> | void {
    this.publish({ type: MessageType.ADAPTER_CLOSE });
    this.#closed = true;
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
    this.nodesMap.clear();
    return super.close();
  }

  override serverCount(): Promise<number> {
    return Promise.resolve(1 + this.nodesMap.size);
  }

  /** Public here, as in the official class: a transport shared by namespaces routes to each adapter. */
  override onMessage(message: ClusterMessage, offset?: string): void {
    if (!this.acceptsMessage(message)) return;
    if (typeof message.uid === "string" && message.uid !== EMITTER_UID) this.nodesMap.set(message.uid, Date.now());
    switch (message.type) {
      case MessageType.INITIAL_HEARTBEAT:
        this.publish({ type: MessageType.HEARTBEAT });
        return;
      case MessageType.HEARTBEAT:
        return;
      case MessageType.ADAPTER_CLOSE:
        this.#removeNode(message.uid);
        return;
      default:
        super.onMessage(message, offset);
    }
  }

  override onResponse(response: ClusterResponse): void {
    super.onResponse(response);
  }

  protected override async responders(): Promise<Responders> {
    return new Set(this.nodesMap.keys());
  }

  /** Every message sent postpones the next heartbeat. */
  protected override publishAndReturnOffset(message: OutgoingMessage): Promise<Offset> {
    this.#scheduleHeartbeat();
    return super.publishAndReturnOffset(message);
  }

  #scheduleHeartbeat(): void {
    if (this.#closed) return;
    if (this.heartbeatTimer !== undefined) {
      this.heartbeatTimer.refresh();
      return;
    }
    this.heartbeatTimer = setTimeout(() => this.publish({ type: MessageType.HEARTBEAT }), this._opts.heartbeatInterval);
    this.heartbeatTimer.unref();
  }

  #startCleanup(): void {
    if (this.cleanupTimer !== undefined) return;
    this.cleanupTimer = setInterval(() => {
      const silentSince = Date.now() - this._opts.heartbeatTimeout;
      for (const [uid, lastSeen] of this.nodesMap) if (lastSeen < silentSince) this.#removeNode(uid);
    }, CLEANUP_INTERVAL);
    this.cleanupTimer.unref();
  }

  #removeNode(uid: ServerId): void {
    this.nodesMap.delete(uid);
    this.memberLeft(uid);
  }
}

function resolveOptions(opts: ClusterAdapterOptions): Readonly<Required<ClusterAdapterOptions>> {
  const resolved = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS) as Array<keyof ClusterAdapterOptions>) {
    const value = opts[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value > 0)) {
      throw invalidAdapterOption("ClusterAdapterWithHeartbeat", name, value);
    }
    resolved[name] = value;
  }
  return Object.freeze(resolved);
}
