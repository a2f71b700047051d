// Counts the socketry nodes of a namespace by heartbeat: each node publishes [uid, kind] on the
// heartbeat channel every `interval` ms; a peer unheard of for `timeout` ms is gone. A node says
// HELLO when it starts (or its subscriber reconnects) so the others answer at once, and BYE when
// it closes. Official nodes do not listen on this channel and never see these messages.
import type { InterNodeParser } from "./options.js";

export const HeartbeatKind = { HELLO: 1, BEAT: 2, BYE: 3 } as const;
type HeartbeatKind = (typeof HeartbeatKind)[keyof typeof HeartbeatKind];

export interface HeartbeatSettings {
  uid: string;
  interval: number;
  timeout: number;
  parser: InterNodeParser;
  send(message: Uint8Array | string): void;
  /** A peer stopped beating (or said goodbye). */
  onPeerGone(uid: string): void;
  /** One of this node's own heartbeats came back (its subscription delivers). */
  onOwnBeat?(): void;
}

export class Heartbeat {
  readonly #settings: HeartbeatSettings;
  /** Peer uid -> time of its last heartbeat. */
  readonly #peers = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(settings: HeartbeatSettings) {
    this.#settings = settings;
  }

  start(): void {
    this.#send(HeartbeatKind.HELLO);
    this.#timer ??= setInterval(() => {
      this.#expire();
      this.#send(HeartbeatKind.BEAT);
    }, this.#settings.interval);
    this.#timer.unref();
  }

  /** Says hello again (after the subscriber came back), so peers answer with a beat. */
  announce(): void {
    this.#send(HeartbeatKind.HELLO);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#send(HeartbeatKind.BYE);
    this.#peers.clear();
  }

  /** Uids of the peers heard from recently. */
  livePeers(): string[] {
    this.#expire();
    return [...this.#peers.keys()];
  }

  /** Handles one message of the heartbeat channel; returns false when it is malformed. */
  receive(message: Buffer): boolean {
    const decoded = this.#settings.parser.decode(message);
    if (!Array.isArray(decoded) || typeof decoded[0] !== "string" || typeof decoded[1] !== "number") return false;
    const [uid, kind] = decoded as [string, HeartbeatKind];
    if (uid === this.#settings.uid) {
      this.#settings.onOwnBeat?.();
      return true;
    }
    if (kind === HeartbeatKind.BYE) {
      if (this.#peers.delete(uid)) this.#settings.onPeerGone(uid);
      return true;
    }
    this.#peers.set(uid, Date.now());
    if (kind === HeartbeatKind.HELLO) this.#send(HeartbeatKind.BEAT);
    return true;
  }

  #expire(): void {
    const oldest = Date.now() - this.#settings.timeout;
    for (const [uid, seen] of this.#peers) {
      if (seen >= oldest) continue;
      this.#peers.delete(uid);
      this.#settings.onPeerGone(uid);
    }
  }

  #send(kind: HeartbeatKind): void {
    this.#settings.send(this.#settings.parser.encode([this.#settings.uid, kind]));
  }
}
