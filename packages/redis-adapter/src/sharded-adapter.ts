// biome-ignore-all lint/suspicious/noExplicitAny: pubClient/subClient are whatever client the application passed
// The sharded Redis adapter (Redis 7 sharded Pub/Sub: SPUBLISH/SSUBSCRIBE), wire-compatible with
// the official `createShardedAdapter`: the in-memory adapter for this node's sockets, plus the
// cluster messages of cluster-protocol.ts to reach the other nodes. A sharded channel lives on
// one shard of a Redis Cluster, so the load spreads over the shards instead of every node.
import {
  Adapter,
  type AdapterNamespace,
  type AdapterPacket,
  type AdapterSocket,
  type BroadcastOptions,
  type Room,
} from "@socketry/adapter";
import {
  decodeClusterMessage,
  encodeClusterMessage,
  looksLikeSocketId,
  MessageType,
  type ClusterMessage,
} from "./cluster-protocol.js";
import { requestTimeout, type RedisAdapterError } from "./errors.js";
import { log } from "./log.js";
import { msgpackParser } from "./msgpack.js";
import { PendingRequests } from "./pending-requests.js";
import { SubscriptionProbe } from "./probe.js";
import { fromWireOptions, toWireOptions } from "./protocol.js";
import type { RedisLink } from "./redis-link.js";
import { LinkState, type RedisAdapterHealth } from "./link-state.js";
import type { ShardedRedisAdapterOptions } from "./sharded-options.js";
import { addRemoteSockets, socketDetails } from "./socket-details.js";
import { describe, ignored, newId, withTimeout } from "./util.js";

type Ack = (...args: unknown[]) => void;
type Data = Record<string, unknown>;

export class ShardedRedisAdapter extends Adapter {
  /** This node's id in the cluster (random, per adapter). */
  readonly uid = newId();
  readonly options: Readonly<ShardedRedisAdapterOptions>;
  /** The namespace's channel: every message but single-room broadcasts in the dynamic modes. */
  readonly channel: string;
  /** Answers meant for this node. */
  readonly responseChannel: string;
  readonly #link: RedisLink;
  readonly #pending = new PendingRequests();
  /** Per-room channels this node subscribed to (dynamic modes), by room. */
  readonly #roomChannels = new Map<Room, string>();
  readonly #ready: Promise<void>;
  readonly #probe: SubscriptionProbe;
  readonly #state = new LinkState(this);
  #lastServerCount = 0;

  constructor(nsp: AdapterNamespace, link: RedisLink, options: Readonly<ShardedRedisAdapterOptions>) {
    super(nsp);
    this.#link = link;
    this.options = options;
    this.channel = `${options.channelPrefix}#${nsp.name}#`;
    this.responseChannel = this.#responseChannelOf(this.uid);
    if (options.subscriptionMode !== "static") {
      this.on("create-room", this.#onCreateRoom);
      this.on("delete-room", this.#onDeleteRoom);
    }
    this.#probe = new SubscriptionProbe({
      interval: options.heartbeatInterval,
      timeout: options.heartbeatTimeout,
      // On this node's own response channel: no other node ever sees a probe.
      send: () => this.#send(this.responseChannel, { type: MessageType.HEARTBEAT }),
      onSilence: () => {
        if (!this.#state.subscribed) return;
        log("%s: no probe came back, the subscription is lost", this.nsp.name);
        this.#state.setSubscribed(false);
        void this.#subscribe([this.channel, this.responseChannel, ...this.#roomChannels.values()]);
      },
      onEcho: () => {
        if (!this.#state.closed) this.#state.setSubscribed(true);
      },
    });
    this.#ready = this.#start();
  }

  get pubClient(): any {
    return this.#link.pubClient;
  }

  get subClient(): any {
    return this.#link.subClient;
  }

  /** Cluster requests waiting for answers, by request id. */
  get requests(): ReadonlyMap<string, unknown> {
    return this.#pending.snapshot(false);
  }

  /** Broadcasts with acknowledgements still taking acks, by request id. */
  get ackRequests(): ReadonlyMap<string, unknown> {
    return this.#pending.snapshot(true);
  }

  /** `peers`: the other subscribers of the namespace's channel at the last serverCount(). */
  get health(): RedisAdapterHealth {
    return {
      subscribed: this.#state.subscribed,
      peers: Math.max(0, this.#lastServerCount - 1),
      pendingRequests: this.#pending.size,
      lastError: this.#state.lastError,
    };
  }

  /** Resolves once subscribed. Never rejects: failures go to the "error" event. */
  override init(): Promise<void> {
    return this.#ready;
  }

  async #start(): Promise<void> {
    this.#state.watch(
      this.#link,
      () => void this.#subscribe([this.channel, this.responseChannel, ...this.#roomChannels.values()]),
    );
    await this.#subscribe([this.channel, this.responseChannel]);
    if (!this.#state.closed) this.#probe.start();
  }

  /** One SSUBSCRIBE per channel: in a cluster, each may live on another shard. */
  async #subscribe(channels: string[]): Promise<void> {
    try {
      await Promise.all(channels.map((channel) => this.#link.ssubscribe([channel], this.#onRawMessage)));
      this.#state.setSubscribed(true);
    } catch (err) {
      this.#state.commandFailed("subscribe", err);
    }
  }

  override async close(): Promise<void> {
    if (this.#state.closed) return;
    this.#state.close();
    this.#probe.stop();
    this.#pending.settleAll();
    this.off("create-room", this.#onCreateRoom);
    this.off("delete-room", this.#onDeleteRoom);
    const channels = [this.channel, this.responseChannel, ...this.#roomChannels.values()];
    this.#roomChannels.clear();
    try {
      await withTimeout(
        Promise.all(channels.map((channel) => this.#link.sunsubscribe([channel], this.#onRawMessage))),
        this.options.requestsTimeout,
      );
    } catch (err) {
      log("%s: unsubscribe failed: %s", this.nsp.name, describe(err));
    }
    this.#state.release();
  }

  /** @internal Surfaces an error on the "error" event when someone listens, and logs it in any case. */
  report(error: RedisAdapterError): void {
    this.#state.report(error);
  }

  // ---- channels ----

  /** Whether single-room broadcasts to `room` use a channel of their own (the official rule). */
  #roomHasChannel(room: Room): boolean {
    const mode = this.options.subscriptionMode;
    return mode === "dynamic-private" || (mode === "dynamic" && !looksLikeSocketId(room));
  }

  #roomChannel(room: Room): string {
    return `${this.channel}${room}#`;
  }

  #responseChannelOf(uid: string): string {
    return `${this.channel}${uid}#`;
  }

  readonly #onCreateRoom = (room: Room): void => {
    if (this.#state.closed || !this.#roomHasChannel(room)) return;
    const channel = this.#roomChannel(room);
    this.#roomChannels.set(room, channel);
    void this.#subscribe([channel]);
  };

  readonly #onDeleteRoom = (room: Room): void => {
    const channel = this.#roomChannels.get(room);
    if (channel === undefined) return;
    this.#roomChannels.delete(room);
    this.#link
      .sunsubscribe([channel], this.#onRawMessage)
      .catch((err: unknown) => this.#state.commandFailed("unsubscribe", err));
  };

  // ---- publishing ----

  #send(channel: string, message: Omit<ClusterMessage, "uid" | "nsp">): void {
    if (this.#state.closed) return;
    const full: ClusterMessage = { uid: this.uid, nsp: this.nsp.name, ...message };
    let encoded: Uint8Array | string;
    try {
      encoded = encodeClusterMessage(full, msgpackParser);
    } catch (err) {
      // e.g. socket.data with a cycle: that message is lost, a requester times out.
      return log("%s: could not encode a message of type %d: %s", this.nsp.name, message.type, describe(err));
    }
    this.#link.spublish(channel, encoded).catch((err: unknown) => this.#state.commandFailed("publish", err));
  }

  #answer(requesterUid: unknown, type: MessageType, data: Data): void {
    if (typeof requesterUid === "string") this.#send(this.#responseChannelOf(requesterUid), { type, data });
  }

  // ---- the cluster ----

  /** Subscribers of the namespace's channel (PUBSUB SHARDNUMSUB), this node included. */
  override async serverCount(): Promise<number> {
    try {
      const [count = 0] = await withTimeout(this.#link.shardNumsub([this.channel]), this.options.requestsTimeout);
      this.#lastServerCount = Math.max(1, count);
    } catch (err) {
      log("%s: PUBSUB SHARDNUMSUB failed: %s", this.nsp.name, describe(err));
      this.#lastServerCount = 1;
    }
    return this.#lastServerCount;
  }

  /** Sends a request and resolves when every other node answered, or at requestsTimeout. */
  async #ask(
    type: MessageType,
    data: Data,
    timeout: number,
    onAnswer: (answer: Data) => boolean,
  ): Promise<{ timedOut: boolean; received: number; expected: number }> {
    const expected = (await this.serverCount()) - 1;
    if (expected <= 0 || this.#state.closed) return { timedOut: false, received: 0, expected: 0 };
    const requestId = newId();
    return new Promise((resolve) => {
      this.#pending.add(requestId, {
        expected,
        awaitedPeers: [],
        timeout,
        onAnswer,
        onSettled: (timedOut, received, total) => resolve({ timedOut, received, expected: total }),
      });
      this.#send(this.channel, { type, data: { ...data, requestId } });
    });
  }

  // ---- broadcasts ----

  override broadcast(packet: AdapterPacket, opts: BroadcastOptions): void {
    if (opts.flags?.local !== true) {
      const wire = toWireOptions(opts);
      const onlyRoom = wire.rooms.length === 1 ? wire.rooms[0]! : undefined;
      const channel =
        onlyRoom !== undefined && this.#roomHasChannel(onlyRoom) ? this.#roomChannel(onlyRoom) : this.channel;
      this.#send(channel, { type: MessageType.BROADCAST, data: { packet, opts: wire } });
    }
    super.broadcast(packet, opts);
  }

  /** Acks flow until the broadcast's timeout; each node reports its client count once. */
  override broadcastWithAck(
    packet: AdapterPacket,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: Ack,
  ): void {
    if (opts.flags?.local !== true) {
      const requestId = newId();
      this.#pending.add(requestId, {
        expected: Number.POSITIVE_INFINITY,
        awaitedPeers: [],
        timeout: opts.flags?.timeout ?? this.options.requestsTimeout,
        lingers: true,
        onAnswer: (answer) => {
          if (answer.type === MessageType.BROADCAST_CLIENT_COUNT) clientCountCallback(Number(answer.clientCount) || 0);
          else if (answer.type === MessageType.BROADCAST_ACK) ack(answer.packet);
          return false;
        },
        onSettled: () => {},
      });
      // Broadcasts with acks always use the namespace's channel: every node must report a count.
      this.#send(this.channel, { type: MessageType.BROADCAST, data: { packet, requestId, opts: toWireOptions(opts) } });
    }
    super.broadcastWithAck(packet, opts, clientCountCallback, ack);
  }

  // ---- cluster-wide operations ----

  override async fetchSockets(opts: BroadcastOptions): Promise<AdapterSocket[]> {
    const found: unknown[] = await super.fetchSockets(opts);
    if (opts.flags?.local === true) return found as AdapterSocket[];
    const timeout = opts.flags?.timeout ?? this.options.requestsTimeout;
    await this.#ask(MessageType.FETCH_SOCKETS, { opts: toWireOptions(opts) }, timeout, (answer) => {
      return answer.type === MessageType.FETCH_SOCKETS_RESPONSE && addRemoteSockets(found, answer.sockets);
    });
    return found as AdapterSocket[];
  }

  override addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    if (opts.flags?.local !== true)
      this.#send(this.channel, { type: MessageType.SOCKETS_JOIN, data: { opts: toWireOptions(opts), rooms } });
    super.addSockets(opts, rooms);
  }

  override delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    if (opts.flags?.local !== true)
      this.#send(this.channel, { type: MessageType.SOCKETS_LEAVE, data: { opts: toWireOptions(opts), rooms } });
    super.delSockets(opts, rooms);
  }

  override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    if (opts.flags?.local !== true)
      this.#send(this.channel, { type: MessageType.DISCONNECT_SOCKETS, data: { opts: toWireOptions(opts), close } });
    super.disconnectSockets(opts, close);
  }

  override serverSideEmit(packet: unknown[]): void {
    const last = packet[packet.length - 1];
    if (typeof last !== "function")
      return this.#send(this.channel, { type: MessageType.SERVER_SIDE_EMIT, data: { packet } });
    const responses: unknown[] = [];
    void this.#ask(
      MessageType.SERVER_SIDE_EMIT,
      { packet: packet.slice(0, -1) },
      this.options.requestsTimeout,
      (answer) => {
        if (answer.type !== MessageType.SERVER_SIDE_EMIT_RESPONSE) return false;
        responses.push(answer.packet);
        return true;
      },
    ).then(({ timedOut, received, expected }) => {
      const error = timedOut ? requestTimeout(received, expected) : null;
      (last as Ack)(error, responses);
    });
  }

  // ---- incoming messages ----

  readonly #onRawMessage = (channel: string, raw: Buffer): void => {
    let message: ClusterMessage | undefined;
    try {
      message = decodeClusterMessage(raw, msgpackParser);
    } catch (err) {
      return ignored(channel, describe(err));
    }
    if (!message) return ignored(channel, "not a cluster message");
    if (message.uid === this.uid) {
      if (channel === this.responseChannel && message.type === MessageType.HEARTBEAT) this.#probe.echo();
      return;
    }
    if (message.nsp !== this.nsp.name) return;
    try {
      if (channel === this.responseChannel) this.#onResponse(message);
      else this.#onMessage(message);
    } catch (err) {
      ignored(channel, describe(err));
    }
  };

  #onResponse(message: ClusterMessage): void {
    const data = message.data ?? {};
    this.#pending.answer(data.requestId, { ...data, type: message.type });
  }

  #onMessage(message: ClusterMessage): void {
    const data = message.data ?? {};
    switch (message.type) {
      case MessageType.BROADCAST:
        return this.#onBroadcast(message.uid, data);
      case MessageType.SOCKETS_JOIN:
        return this.#withOptions(data, (opts) => super.addSockets(opts, roomList(data.rooms)));
      case MessageType.SOCKETS_LEAVE:
        return this.#withOptions(data, (opts) => super.delSockets(opts, roomList(data.rooms)));
      case MessageType.DISCONNECT_SOCKETS:
        return this.#withOptions(data, (opts) => super.disconnectSockets(opts, data.close === true));
      case MessageType.FETCH_SOCKETS:
        return this.#withOptions(data, (opts) => {
          super.fetchSockets(opts).then(
            (sockets) =>
              this.#answer(message.uid, MessageType.FETCH_SOCKETS_RESPONSE, {
                requestId: data.requestId,
                sockets: sockets.map(socketDetails),
              }),
            (err: unknown) => log("%s: fetchSockets failed: %s", this.nsp.name, describe(err)),
          );
        });
      case MessageType.SERVER_SIDE_EMIT:
        return this.#onServerSideEmit(message.uid, data);
      case MessageType.BROADCAST_CLIENT_COUNT:
      case MessageType.BROADCAST_ACK:
      case MessageType.FETCH_SOCKETS_RESPONSE:
      case MessageType.SERVER_SIDE_EMIT_RESPONSE:
        return this.#onResponse(message);
      default:
        log("%s: ignored a message of type %o", this.nsp.name, message.type);
    }
  }

  #onBroadcast(from: string, data: Data): void {
    const packet = data.packet as AdapterPacket | undefined;
    if (typeof packet !== "object" || packet === null || typeof packet.type !== "number")
      return log("ignored a malformed broadcast");
    this.#withOptions(data, (opts) => {
      if (data.requestId === undefined) return super.broadcast(packet, opts);
      const requestId = data.requestId;
      super.broadcastWithAck(
        packet,
        opts,
        (clientCount) => this.#answer(from, MessageType.BROADCAST_CLIENT_COUNT, { requestId, clientCount }),
        (arg) => this.#answer(from, MessageType.BROADCAST_ACK, { requestId, packet: arg }),
      );
    });
  }

  #onServerSideEmit(from: string, data: Data): void {
    const nsp = this.nsp as { _onServerSideEmit?(args: unknown[]): void };
    if (!Array.isArray(data.packet) || typeof data.packet[0] !== "string")
      return log("ignored a malformed server-side emit");
    if (data.requestId === undefined) return nsp._onServerSideEmit?.(data.packet);
    let answered = false;
    const callback = (arg: unknown) => {
      if (answered) return;
      answered = true;
      this.#answer(from, MessageType.SERVER_SIDE_EMIT_RESPONSE, { requestId: data.requestId, packet: arg });
    };
    nsp._onServerSideEmit?.([...data.packet, callback]);
  }

  #withOptions(data: Data, run: (opts: BroadcastOptions) => void): void {
    const opts = fromWireOptions(data.opts);
    if (!opts) return log("%s: ignored a message with malformed options", this.nsp.name);
    run(opts);
  }
}

function roomList(value: unknown): Room[] {
  return Array.isArray(value)
    ? value.filter((room): room is Room => typeof room === "string" || typeof room === "number")
    : [];
}
