// biome-ignore-all lint/suspicious/noExplicitAny: pubClient/subClient are whatever client the application passed
// The Redis adapter: the in-memory adapter for this node's sockets, plus Redis pub/sub to reach
// the other nodes of the cluster (socketry or official, see protocol.ts).
import {
  Adapter,
  type AdapterNamespace,
  type AdapterPacket,
  type AdapterSocket,
  type BroadcastOptions,
  type Room,
  type SocketId,
} from "@socketry/adapter";
import { requestTimeout, type RedisAdapterError } from "./errors.js";
import { Heartbeat } from "./heartbeat.js";
import { LinkState, type RedisAdapterHealth } from "./link-state.js";
import { SubscriptionProbe } from "./probe.js";
import { log } from "./log.js";
import type { RedisAdapterOptions } from "./options.js";
import { PendingRequests } from "./pending-requests.js";
import {
  channelsFor,
  decodeMessage,
  fromWireOptions,
  globEscape,
  RequestType,
  toWireOptions,
  type Channels,
} from "./protocol.js";
import type { RedisLink } from "./redis-link.js";
import { answerRequest } from "./request-answers.js";
import { addRemoteSockets } from "./socket-details.js";
import { describe, ignored, newId, withTimeout } from "./util.js";

export { newId } from "./util.js";
export type { RedisAdapterHealth } from "./link-state.js";
export type { RemoteSocketDetails } from "./socket-details.js";

type Ack = (...args: unknown[]) => void;

export class RedisAdapter extends Adapter {
  /** This node's id in the cluster (random, per adapter). */
  readonly uid = newId();
  readonly options: Readonly<RedisAdapterOptions>;
  readonly channels: Channels;
  readonly #link: RedisLink;
  readonly #pending = new PendingRequests();
  readonly #heartbeat: Heartbeat;
  readonly #probe: SubscriptionProbe;
  readonly #state = new LinkState(this);
  #clusterQuery: Promise<{ count: number; peers: string[] }> | undefined;
  /** Subscribing starts in the constructor: the official server never calls init(). */
  readonly #ready: Promise<void>;

  constructor(nsp: AdapterNamespace, link: RedisLink, options: Readonly<RedisAdapterOptions>) {
    super(nsp);
    this.#link = link;
    this.options = options;
    this.channels = channelsFor(options.key, nsp.name, this.uid);
    this.#heartbeat = new Heartbeat({
      uid: this.uid,
      interval: options.heartbeatInterval,
      timeout: options.heartbeatTimeout,
      parser: options.parser,
      // Beat only while subscribed: a node that cannot hear requests must not be waited for.
      send: (message) => {
        if (this.#state.subscribed) this.publish(this.channels.heartbeat, message);
      },
      onPeerGone: (uid) => {
        log("%s: peer %s is gone", nsp.name, uid);
        this.#pending.peerGone(uid);
      },
      onOwnBeat: () => this.#probe.echo(),
    });
    this.#probe = new SubscriptionProbe({
      interval: options.heartbeatInterval,
      timeout: options.heartbeatTimeout,
      // While subscribed, this node's own heartbeats are the probes. Otherwise (it does not beat
      // then) a probe goes to its own channel, which no other node ever sees.
      send: () => {
        if (!this.#state.subscribed)
          this.publish(this.channels.specificResponse, JSON.stringify({ uid: this.uid, probe: true }));
      },
      onSilence: () => {
        if (!this.#state.subscribed) return;
        log("%s: no probe came back, the subscription is lost", this.nsp.name);
        this.#state.setSubscribed(false);
        void this.#subscribe();
      },
      onEcho: () => {
        if (this.#state.subscribed || this.#state.closed) return;
        this.#state.setSubscribed(true);
        this.#heartbeat.announce();
      },
    });
    this.#ready = this.#start();
  }

  /** The client that publishes, as given to createAdapter(). */
  get pubClient(): any {
    return this.#link.pubClient;
  }

  /** The client that subscribes, as given to createAdapter(). */
  get subClient(): any {
    return this.#link.subClient;
  }

  /** The official adapter's public option fields, read from `options`. */
  get requestsTimeout(): number {
    return this.options.requestsTimeout;
  }

  get publishOnSpecificResponseChannel(): boolean {
    return this.options.publishOnSpecificResponseChannel;
  }

  get parser(): RedisAdapterOptions["parser"] {
    return this.options.parser;
  }

  /** Cluster requests waiting for answers, by request id (as the official adapter's `requests`). */
  get requests(): ReadonlyMap<string, unknown> {
    return this.#pending.snapshot(false);
  }

  /** Broadcasts with acknowledgements still taking acks, by request id. */
  get ackRequests(): ReadonlyMap<string, unknown> {
    return this.#pending.snapshot(true);
  }

  get health(): RedisAdapterHealth {
    return {
      subscribed: this.#state.subscribed,
      peers: this.#heartbeat.livePeers().length,
      pendingRequests: this.#pending.size,
      lastError: this.#state.lastError,
    };
  }

  /** Resolves once subscribed. Never rejects: failures go to the "error" event. */
  override init(): Promise<void> {
    return this.#ready;
  }

  async #start(): Promise<void> {
    this.#state.watch(this.#link, () => void this.#subscribe().then(() => this.#heartbeat.announce()));
    await this.#subscribe();
    if (this.#state.closed) return;
    this.#heartbeat.start();
    this.#probe.start();
  }

  async #subscribe(): Promise<void> {
    const { broadcast, request, response, specificResponse, heartbeat } = this.channels;
    try {
      await Promise.all([
        this.#link.psubscribe(`${globEscape(broadcast)}*`, this.#onBroadcastMessage),
        this.#link.subscribe([request, response, specificResponse], this.#onRequestMessage),
        this.#link.subscribe([heartbeat], this.#onHeartbeatMessage),
      ]);
      this.#state.setSubscribed(true);
    } catch (err) {
      this.#state.commandFailed("subscribe", err);
    }
  }

  /** @internal A room of this node, by its name on the wire (a numeric room travels as its decimal text). */
  hasRoom(room: string): boolean {
    if (this.rooms.has(room)) return true;
    const numeric = Number(room);
    return room.trim() !== "" && !Number.isNaN(numeric) && this.rooms.has(numeric as unknown as Room);
  }

  override async close(): Promise<void> {
    if (this.#state.closed) return;
    this.#state.close();
    this.#probe.stop();
    this.#pending.settleAll();
    const { broadcast, request, response, specificResponse, heartbeat } = this.channels;
    const unsubscribing = Promise.all([
      this.#link.unsubscribe([], [`${globEscape(broadcast)}*`], this.#onBroadcastMessage),
      this.#link.unsubscribe([request, response, specificResponse], [], this.#onRequestMessage),
      this.#link.unsubscribe([heartbeat], [], this.#onHeartbeatMessage),
    ]);
    // The goodbye goes out after the UNSUBSCRIBE commands, so this node's subscriber never
    // receives its own goodbye (an application listening on the client sees no stray message).
    this.#heartbeat.stop();
    try {
      // Bounded: closing the server must not hang on an unreachable Redis.
      await withTimeout(unsubscribing, this.options.requestsTimeout);
    } catch (err) {
      log("%s: unsubscribe failed: %s", this.nsp.name, describe(err));
    }
    this.#state.release();
  }

  /** @internal Surfaces an error on the "error" event when someone listens, and logs it in any case. */
  report(error: RedisAdapterError): void {
    this.#state.report(error);
  }

  /** @internal Publishes without ever throwing or rejecting: a failure is reported. */
  publish(channel: string, message: Uint8Array | string): void {
    if (this.#state.closed && !channel.startsWith(this.channels.heartbeat)) return;
    this.#link.publish(channel, message).catch((err: unknown) => this.#state.commandFailed("publish", err));
  }

  // ---- the cluster ----

  /** Nodes in the cluster: this one, socketry peers by heartbeat, and official nodes (see #cluster). */
  override async serverCount(): Promise<number> {
    return (await this.#cluster()).count;
  }

  /**
   * The cluster as one in-flight query: an emit with acknowledgements asks both from the operator
   * (serverCount) and from broadcastWithAck, which must see the same count, in one round trip.
   */
  #cluster(): Promise<{ count: number; peers: string[] }> {
    return (this.#clusterQuery ??= this.#queryCluster().finally(() => {
      this.#clusterQuery = undefined;
    }));
  }

  /**
   * Official nodes send no heartbeat; they are the subscribers of the request channel that are
   * not subscribed to the heartbeat channel (PUBSUB NUMSUB of both, one round trip).
   */
  async #queryCluster(): Promise<{ count: number; peers: string[] }> {
    const peers = this.#heartbeat.livePeers();
    let official = 0;
    try {
      const [requestSubscribers = 0, heartbeatSubscribers = 0] = await withTimeout(
        this.#link.numsub([this.channels.request, this.channels.heartbeat]),
        this.options.requestsTimeout,
      );
      official = Math.max(0, requestSubscribers - heartbeatSubscribers);
    } catch (err) {
      log("%s: PUBSUB NUMSUB failed, counting socketry peers only: %s", this.nsp.name, describe(err));
    }
    return { count: 1 + peers.length + official, peers };
  }

  /**
   * @internal Sends a request to every other node and resolves once each answered, or at `requestsTimeout`
   * with the answers it has (`timedOut` then).
   */
  async ask(
    fields: Record<string, unknown>,
    onAnswer: (answer: Record<string, unknown>) => boolean,
  ): Promise<AskOutcome> {
    const none: AskOutcome = { timedOut: false, received: 0, expected: 0 };
    if (this.#state.closed) return none;
    const { count, peers } = await this.#cluster();
    if (count <= 1 || this.#state.closed) return none;
    const requestId = newId();
    return new Promise((resolve) => {
      this.#pending.add(requestId, {
        expected: count - 1,
        awaitedPeers: peers,
        timeout: this.options.requestsTimeout,
        onAnswer,
        onSettled: (timedOut, received, expected) => {
          if (timedOut) log("%s: request %s (type %d) timed out", this.nsp.name, requestId, fields.type);
          resolve({ timedOut, received, expected });
        },
      });
      this.publish(this.channels.request, JSON.stringify({ uid: this.uid, requestId, ...fields }));
    });
  }

  // ---- broadcasts ----

  override broadcast(packet: AdapterPacket, opts: BroadcastOptions): void {
    packet.nsp = this.nsp.name;
    if (opts.flags?.local !== true) {
      const onlyRoom = opts.rooms.size === 1 ? opts.rooms.values().next().value : undefined;
      const channel = onlyRoom === undefined ? this.channels.broadcast : `${this.channels.broadcast}${onlyRoom}#`;
      this.publish(channel, this.options.parser.encode([this.uid, packet, toWireOptions(opts)]));
    }
    super.broadcast(packet, opts);
  }

  /**
   * Every node reports how many of its clients got the packet: `clientCountCallback` runs once for
   * this node and once per answering peer (the socket.io-adapter contract; the server sums them and
   * waits for `serverCount()` reports). Acks flow until the broadcast's timeout.
   */
  override broadcastWithAck(
    packet: AdapterPacket,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: Ack,
  ): void {
    if (opts.flags?.local === true) return super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    const requestId = newId();
    void this.#cluster()
      .then(({ count, peers }) => {
        if (count <= 1 || this.#state.closed) return;
        this.#pending.add(requestId, {
          expected: count - 1,
          awaitedPeers: peers,
          timeout: opts.flags?.timeout ?? this.options.requestsTimeout,
          lingers: true,
          onAnswer: (answer) => {
            if (answer.type === RequestType.BROADCAST_ACK) ack(answer.packet);
            if (answer.type !== RequestType.BROADCAST_CLIENT_COUNT) return false;
            clientCountCallback(Number(answer.clientCount) || 0);
            return true;
          },
          onSettled: () => {},
        });
        const request = { uid: this.uid, requestId, type: RequestType.BROADCAST, packet, opts: toWireOptions(opts) };
        this.publish(this.channels.request, this.options.parser.encode(request));
      })
      .catch((err: unknown) => this.#state.commandFailed("broadcast with ack", err));
  }

  // ---- cluster-wide operations ----

  override async sockets(rooms: Set<Room>): Promise<Set<SocketId>> {
    const ids = await super.sockets(rooms);
    await this.ask({ type: RequestType.SOCKETS, rooms: [...rooms] }, (answer) => {
      if (!Array.isArray(answer.sockets)) return false;
      for (const id of answer.sockets) ids.add(String(id));
      return true;
    });
    return ids;
  }

  /** Every room of the namespace, on every node. */
  async allRooms(): Promise<Set<Room>> {
    const rooms = new Set(this.rooms.keys());
    await this.ask({ type: RequestType.ALL_ROOMS }, (answer) => {
      if (!Array.isArray(answer.rooms)) return false;
      for (const room of answer.rooms) rooms.add(String(room));
      return true;
    });
    return rooms;
  }

  /**
   * Local sockets, then the details of the remote ones (the server wraps those in RemoteSocket).
   * The base class types its result as local sockets only, hence the cast on return.
   */
  override async fetchSockets(opts: BroadcastOptions): Promise<AdapterSocket[]> {
    const found: unknown[] = await super.fetchSockets(opts);
    if (opts.flags?.local === true) return found as AdapterSocket[];
    await this.ask({ type: RequestType.REMOTE_FETCH, opts: toWireOptions(opts) }, (answer) =>
      addRemoteSockets(found, answer.sockets),
    );
    return found as AdapterSocket[];
  }

  override addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.addSockets(opts, rooms);
    this.#tell(opts, { type: RequestType.REMOTE_JOIN, rooms });
  }

  override delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.delSockets(opts, rooms);
    this.#tell(opts, { type: RequestType.REMOTE_LEAVE, rooms });
  }

  override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    super.disconnectSockets(opts, close);
    this.#tell(opts, { type: RequestType.REMOTE_DISCONNECT, close });
  }

  /** A request that expects no answer. */
  #tell(opts: BroadcastOptions, fields: Record<string, unknown>): void {
    if (opts.flags?.local === true) return;
    this.publish(this.channels.request, JSON.stringify({ uid: this.uid, ...fields, opts: toWireOptions(opts) }));
  }

  override serverSideEmit(packet: unknown[]): void {
    const last = packet[packet.length - 1];
    if (typeof last !== "function") {
      this.publish(
        this.channels.request,
        JSON.stringify({ uid: this.uid, type: RequestType.SERVER_SIDE_EMIT, data: packet }),
      );
      return;
    }
    const responses: unknown[] = [];
    const request = { type: RequestType.SERVER_SIDE_EMIT, data: packet.slice(0, -1) };
    void this.ask(request, (answer) => {
      if (answer.type !== RequestType.SERVER_SIDE_EMIT) return false;
      responses.push(answer.data);
      return true;
    }).then(({ timedOut, received, expected }) => {
      const error = timedOut ? requestTimeout(received, expected) : null;
      (last as Ack)(error, responses);
    });
  }

  // ---- the local side of cluster operations, for request-answers.ts ----

  /** @internal */ localBroadcast(packet: AdapterPacket, opts: BroadcastOptions): void {
    super.broadcast(packet, opts);
  }
  /** @internal */ localBroadcastWithAck(
    packet: AdapterPacket,
    opts: BroadcastOptions,
    count: (n: number) => void,
    ack: Ack,
  ): void {
    super.broadcastWithAck(packet, opts, count, ack);
  }
  /** @internal */ localSockets(rooms: Set<Room>): Promise<Set<SocketId>> {
    return super.sockets(rooms);
  }
  /** @internal */ localFetchSockets(opts: BroadcastOptions): Promise<AdapterSocket[]> {
    return super.fetchSockets(opts);
  }
  /** @internal */ localAddSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.addSockets(opts, rooms);
  }
  /** @internal */ localDelSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.delSockets(opts, rooms);
  }
  /** @internal */ localDisconnectSockets(opts: BroadcastOptions, close: boolean): void {
    super.disconnectSockets(opts, close);
  }

  // ---- incoming messages (arrow functions: one identity per adapter, for the client's listener sets) ----

  readonly #onBroadcastMessage = (channel: string, message: Buffer): void => {
    const prefix = this.channels.broadcast;
    if (!channel.startsWith(prefix)) return;
    const room = channel.slice(prefix.length, -1);
    if (room !== "" && !this.hasRoom(room)) return; // no local member: nothing to deliver
    try {
      const decoded = this.options.parser.decode(message);
      if (!Array.isArray(decoded) || typeof decoded[0] !== "string")
        return ignored(channel, "not a [uid, packet, opts] array");
      const [uid, packet, wireOpts] = decoded as [string, AdapterPacket | undefined, unknown];
      if (uid === this.uid) return;
      if (typeof packet !== "object" || packet === null || typeof packet.type !== "number")
        return ignored(channel, "no packet");
      packet.nsp ??= "/";
      if (packet.nsp !== this.nsp.name) return;
      const opts = fromWireOptions(wireOpts);
      if (!opts) return ignored(channel, "malformed options");
      super.broadcast(packet, opts);
    } catch (err) {
      ignored(channel, describe(err));
    }
  };

  readonly #onRequestMessage = (channel: string, message: Buffer): void => {
    try {
      const decoded = decodeMessage(message, this.options.parser);
      if (!decoded) return ignored(channel, "not an object");
      if (channel === this.channels.request) {
        if (decoded.uid !== this.uid) answerRequest(this, decoded);
      } else if (decoded.uid === this.uid && decoded.probe === true) {
        this.#probe.echo();
      } else {
        this.#pending.answer(decoded.requestId, decoded);
      }
    } catch (err) {
      ignored(channel, describe(err));
    }
  };

  readonly #onHeartbeatMessage = (channel: string, message: Buffer): void => {
    try {
      if (!this.#heartbeat.receive(message)) ignored(channel, "malformed heartbeat");
    } catch (err) {
      ignored(channel, describe(err));
    }
  };
}

/** @internal How a cluster request ended. */
export interface AskOutcome {
  timedOut: boolean;
  received: number;
  expected: number;
}
