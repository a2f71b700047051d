import { randomBytes } from "node:crypto";
import { Adapter } from "./in-memory-adapter.js";
import {
  fromWireOptions,
  isResponse,
  isRoomList,
  MessageType,
  toWireOptions,
  type ClusterMessage,
  type ClusterResponse,
  type Offset,
  type OutgoingMessage,
  type OutgoingResponse,
  type ServerId,
} from "./cluster-messages.js";
import { ClusterRequests, respondersCount, type Responders } from "./cluster-requests.js";
import { log } from "./log.js";
import type { AdapterNamespace, AdapterPacket, AdapterSocket, BroadcastOptions, Room } from "./types.js";

/** How long fetchSockets (without a timeout flag) and serverSideEmit wait for the other members. */
export const DEFAULT_REQUEST_TIMEOUT = 5_000;
const EVENT = 2;

type Ack = (...args: unknown[]) => void;

interface AckRequest {
  readonly clientCountCallback: (clientCount: number) => void;
  readonly ack: Ack;
  readonly timer: NodeJS.Timeout;
}

export function randomId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * A cluster-ready adapter: every operation that must reach the other servers is a message, and
 * everything but carrying messages is done here. A subclass implements `doPublish` (send a message
 * to every other member) and `doPublishResponse` (send a response to one member), and hands what
 * it receives to `onMessage` / `onResponse` (or everything to `onMessage`: it tells them apart).
 * The messages are those of socket.io-adapter 2.5, so official and socketry nodes can mix.
 *
 * This base class knows the number of other members only through `serverCount()`, which a
 * subclass overrides; ClusterAdapterWithHeartbeat tracks the members itself.
 */
export abstract class ClusterAdapter extends Adapter {
  protected readonly uid: ServerId;
  /** fetchSockets and serverSideEmit requests waiting for answers. */
  private readonly requests = new ClusterRequests();
  /** Broadcasts with acks whose client counts and acks other members may still send. */
  private readonly ackRequests = new Map<string, AckRequest>();
  #closed = false;

  protected constructor(nsp: AdapterNamespace) {
    super(nsp);
    this.uid = randomId();
  }

  override init(): Promise<void> | void {
    this.#closed = false;
  }

  override close(): Promise<void> | void {
    this.#closed = true;
    this.requests.closeAll();
    for (const request of this.ackRequests.values()) clearTimeout(request.timer);
    this.ackRequests.clear();
  }

  /** Sends a message to the other members; resolves to its offset, if the transport has one. */
  protected abstract doPublish(message: ClusterMessage): Promise<Offset>;

  /** Sends a response to the member `requesterUid`. */
  protected abstract doPublishResponse(requesterUid: ServerId, response: ClusterResponse): Promise<void>;

  /** Whether a message from the cluster is for this adapter: another member, this namespace. */
  protected acceptsMessage(message: unknown): boolean {
    if (this.#closed || typeof message !== "object" || message === null) return false;
    const { uid, nsp, type } = message as Partial<ClusterMessage>;
    return uid !== this.uid && nsp === this.nsp.name && typeof type === "number";
  }

  /** Handles a message from another member (`offset`: its id on the transport, if any). */
  protected onMessage(message: ClusterMessage, offset?: string): void {
    if (!this.acceptsMessage(message)) return;
    if (isResponse(message)) return this.onResponse(message as unknown as ClusterResponse);
    try {
      this.#handleMessage(message, offset);
    } catch (error) {
      log("[%s] could not handle a message of type %d: %s", this.uid, message.type, (error as Error)?.message);
    }
  }

  /** Handles a response from another member to one of this adapter's requests. */
  protected onResponse(response: ClusterResponse): void {
    if (!this.acceptsMessage(response) || typeof response.data !== "object" || response.data === null) return;
    const requestId = response.data.requestId;
    switch (response.type) {
      case MessageType.BROADCAST_CLIENT_COUNT: {
        const count = response.data.clientCount;
        if (typeof count === "number") this.ackRequests.get(requestId)?.clientCountCallback(count);
        return;
      }
      case MessageType.BROADCAST_ACK:
        this.ackRequests.get(requestId)?.ack(response.data.packet);
        return;
      case MessageType.FETCH_SOCKETS_RESPONSE:
        if (Array.isArray(response.data.sockets)) this.requests.answer(requestId, response.uid, response.data.sockets);
        return;
      case MessageType.SERVER_SIDE_EMIT_RESPONSE:
        this.requests.answer(requestId, response.uid, [response.data.packet]);
        return;
    }
  }

  /**
   * Publishes the broadcast, then delivers it to the local sockets (with the offset the transport
   * gave it, for connection state recovery). Local delivery happens even if publishing fails.
   */
  override async broadcast(packet: AdapterPacket, opts: BroadcastOptions): Promise<void> {
    if (opts.flags?.local !== true) {
      try {
        const offset = await this.publishAndReturnOffset({
          type: MessageType.BROADCAST,
          data: { packet, opts: toWireOptions(opts) },
        });
        this.addOffsetIfNecessary(packet, opts, offset);
      } catch (error) {
        this.#logPublishFailure(MessageType.BROADCAST, error);
      }
    }
    super.broadcast(packet, opts);
  }

  /**
   * Every member delivers the packet to its sockets and sends back their number and each of their
   * acknowledgements; the answers are taken until the broadcast's timeout.
   */
  override broadcastWithAck(
    packet: AdapterPacket,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: Ack,
  ): void {
    if (opts.flags?.local !== true) {
      const requestId = randomId();
      const timer = setTimeout(
        () => this.ackRequests.delete(requestId),
        opts.flags?.timeout ?? DEFAULT_REQUEST_TIMEOUT,
      );
      timer.unref();
      this.ackRequests.set(requestId, { clientCountCallback, ack, timer });
      this.publish({ type: MessageType.BROADCAST, data: { packet, requestId, opts: toWireOptions(opts) } });
    }
    super.broadcastWithAck(packet, opts, clientCountCallback, ack);
  }

  override async addSockets(opts: BroadcastOptions, rooms: Room[]): Promise<void> {
    if (opts.flags?.local !== true) {
      try {
        await this.publishAndReturnOffset({
          type: MessageType.SOCKETS_JOIN,
          data: { opts: toWireOptions(opts), rooms },
        });
      } catch (error) {
        this.#logPublishFailure(MessageType.SOCKETS_JOIN, error);
      }
    }
    super.addSockets(opts, rooms);
  }

  override async delSockets(opts: BroadcastOptions, rooms: Room[]): Promise<void> {
    if (opts.flags?.local !== true) {
      try {
        await this.publishAndReturnOffset({
          type: MessageType.SOCKETS_LEAVE,
          data: { opts: toWireOptions(opts), rooms },
        });
      } catch (error) {
        this.#logPublishFailure(MessageType.SOCKETS_LEAVE, error);
      }
    }
    super.delSockets(opts, rooms);
  }

  override async disconnectSockets(opts: BroadcastOptions, close: boolean): Promise<void> {
    if (opts.flags?.local !== true) {
      try {
        await this.publishAndReturnOffset({
          type: MessageType.DISCONNECT_SOCKETS,
          data: { opts: toWireOptions(opts), close },
        });
      } catch (error) {
        this.#logPublishFailure(MessageType.DISCONNECT_SOCKETS, error);
      }
    }
    super.disconnectSockets(opts, close);
  }

  /** The matching sockets of every member: local ones as they are, remote ones as plain details. */
  // biome-ignore lint/suspicious/noExplicitAny: the official signature; local sockets and remote descriptions mix
  override async fetchSockets(opts: BroadcastOptions): Promise<any[]> {
    const local: unknown[] = await super.fetchSockets(opts);
    if (opts.flags?.local === true) return local;
    const responders = await this.responders();
    if (respondersCount(responders) <= 0) return local;
    return new Promise((resolve, reject) => {
      const requestId = randomId();
      this.requests.open(requestId, {
        responders,
        timeoutMs: opts.flags?.timeout || DEFAULT_REQUEST_TIMEOUT,
        initial: local,
        settle: (error, sockets) => (error ? reject(error) : resolve(sockets)),
      });
      this.publish({ type: MessageType.FETCH_SOCKETS, data: { opts: toWireOptions(opts), requestId } });
    });
  }

  /**
   * Emits `packet` (event name and arguments) to the other members' namespaces. With an ack
   * callback last, it gets `(err, responses)` once every member answered, or an error with the
   * answers so far after DEFAULT_REQUEST_TIMEOUT.
   */
  override async serverSideEmit(packet: unknown[]): Promise<void> {
    const last = packet[packet.length - 1];
    if (typeof last !== "function") {
      this.publish({ type: MessageType.SERVER_SIDE_EMIT, data: { packet } });
      return;
    }
    const ack = last as Ack;
    const args = packet.slice(0, -1);
    const responders = await this.responders();
    if (respondersCount(responders) <= 0) {
      ack(null, []);
      return;
    }
    const requestId = randomId();
    this.requests.open(requestId, {
      responders,
      timeoutMs: DEFAULT_REQUEST_TIMEOUT,
      settle: (error, responses) => ack(error, responses),
    });
    this.publish({ type: MessageType.SERVER_SIDE_EMIT, data: { requestId, packet: args } });
  }

  /** Who answers a request: here a count (the other servers); a subclass may name the members. */
  protected async responders(): Promise<Responders> {
    return (await this.serverCount()) - 1;
  }

  /** A member left the cluster: requests stop waiting for it. */
  protected memberLeft(uid: ServerId): void {
    this.requests.forgetMember(uid);
  }

  /** Publishes without waiting; a failure is logged. */
  protected publish(message: OutgoingMessage): void {
    this.publishAndReturnOffset(message).catch((error: unknown) => this.#logPublishFailure(message.type, error));
  }

  /** Stamps the message with this member's uid and namespace and publishes it. */
  protected publishAndReturnOffset(message: OutgoingMessage): Promise<Offset> {
    const stamped = { ...message, uid: this.uid, nsp: this.nsp.name } as ClusterMessage;
    try {
      return Promise.resolve(this.doPublish(stamped));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Answers a member's request; a failure is logged. */
  protected publishResponse(requesterUid: ServerId, response: OutgoingResponse): void {
    const stamped = { ...response, uid: this.uid, nsp: this.nsp.name } as ClusterResponse;
    const failed = (error: unknown) =>
      log("[%s] could not answer %s: %s", this.uid, requesterUid, (error as Error)?.message);
    try {
      Promise.resolve(this.doPublishResponse(requesterUid, stamped)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /**
   * With connection state recovery, a kept packet (an event without ack, not volatile) carries the
   * offset the transport gave its message, as its last argument, so a client can catch up.
   */
  private addOffsetIfNecessary(packet: AdapterPacket, opts: BroadcastOptions, offset: Offset | undefined): void {
    if (!this.nsp.server.opts?.connectionStateRecovery || typeof offset !== "string") return;
    const kept = packet.type === EVENT && packet.id === undefined && opts.flags?.volatile === undefined;
    if (kept && Array.isArray(packet.data)) packet.data.push(offset);
  }

  #logPublishFailure(type: MessageType, error: unknown): void {
    log("[%s] could not publish a message of type %d: %s", this.uid, type, (error as Error)?.message);
  }

  #handleMessage(message: ClusterMessage, offset: string | undefined): void {
    switch (message.type) {
      case MessageType.BROADCAST: {
        const opts = fromWireOptions(message.data?.opts);
        const packet = message.data.packet as AdapterPacket;
        if (opts === undefined || typeof packet !== "object" || packet === null) return;
        const requestId = message.data.requestId;
        if (requestId === undefined) {
          this.addOffsetIfNecessary(packet, opts, offset);
          super.broadcast(packet, opts);
          return;
        }
        const requester = message.uid;
        super.broadcastWithAck(
          packet,
          opts,
          (clientCount) =>
            this.publishResponse(requester, {
              type: MessageType.BROADCAST_CLIENT_COUNT,
              data: { requestId, clientCount },
            }),
          (answer) =>
            this.publishResponse(requester, { type: MessageType.BROADCAST_ACK, data: { requestId, packet: answer } }),
        );
        return;
      }
      case MessageType.SOCKETS_JOIN:
      case MessageType.SOCKETS_LEAVE: {
        const opts = fromWireOptions(message.data?.opts);
        const rooms = message.data.rooms;
        if (opts === undefined || !isRoomList(rooms)) return;
        if (message.type === MessageType.SOCKETS_JOIN) super.addSockets(opts, rooms);
        else super.delSockets(opts, rooms);
        return;
      }
      case MessageType.DISCONNECT_SOCKETS: {
        const opts = fromWireOptions(message.data?.opts);
        if (opts !== undefined) super.disconnectSockets(opts, message.data.close === true);
        return;
      }
      case MessageType.FETCH_SOCKETS: {
        const opts = fromWireOptions(message.data?.opts);
        const { requestId } = message.data;
        if (opts === undefined) return;
        const requester = message.uid;
        void super.fetchSockets(opts).then((sockets) => {
          this.publishResponse(requester, {
            type: MessageType.FETCH_SOCKETS_RESPONSE,
            data: { requestId, sockets: sockets.map(socketDetails) },
          });
        });
        return;
      }
      case MessageType.SERVER_SIDE_EMIT:
        this.#onServerSideEmit(message.uid, message.data?.packet, message.data.requestId);
        return;
    }
  }

  #onServerSideEmit(requester: ServerId, packet: unknown, requestId: string | undefined): void {
    if (!Array.isArray(packet)) return;
    const deliver = this.nsp._onServerSideEmit;
    if (typeof deliver !== "function") return;
    if (requestId === undefined) {
      deliver.call(this.nsp, packet);
      return;
    }
    let answered = false;
    const reply = (answer: unknown) => {
      if (answered) return;
      answered = true;
      this.publishResponse(requester, {
        type: MessageType.SERVER_SIDE_EMIT_RESPONSE,
        data: { requestId, packet: answer },
      });
    };
    deliver.call(this.nsp, [...packet, reply]);
  }
}

/** What another member learns of a socket: id, handshake, rooms, data. */
function socketDetails(socket: AdapterSocket): unknown {
  // The session store some frameworks attach to the handshake may be circular: it stays here.
  const { sessionStore: _sessionStore, ...handshake } = (socket.handshake ?? {}) as Record<string, unknown>;
  return { id: socket.id, handshake, rooms: socket.rooms ? [...socket.rooms] : [], data: socket.data };
}
