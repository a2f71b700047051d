// biome-ignore-all lint/suspicious/noExplicitAny: event arguments are the user's types
// An immutable description of "who receives": rooms, excepted rooms and flags. Every modifier
// returns a new operator, so `const admins = io.to("admins")` can be reused safely.
import { PacketType } from "@socketry/parser";
import type { AdapterLike, BroadcastFlags, BroadcastOptions, Room, SocketId } from "./adapter-types.js";
import { AckRegistry, promiseAck, type AckCallback } from "./ack-registry.js";
import { ackTimeoutError } from "./errors.js";
import { assertEmittable } from "./reserved-events.js";
import { RemoteSocket } from "./remote-socket.js";
import type {
  AllButLast,
  DecorateAcknowledgementsWithTimeoutAndMultipleResponses,
  DefaultEventsMap,
  EventNames,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
} from "./typed-events.js";
import { unawaited } from "./unawaited.js";

export interface OperatorFlags extends BroadcastFlags {
  /** Set for a single target (RemoteSocket): the ack gets one answer instead of a list. */
  expectSingleResponse?: boolean;
}

/** For an adapter that belongs to no namespace of ours (built by hand): a registry of its own. */
const detachedRegistry = new AckRegistry();

function registryOf(adapter: AdapterLike): AckRegistry {
  return (adapter as { nsp?: { _acks?: AckRegistry } }).nsp?._acks ?? detachedRegistry;
}

export class BroadcastOperator<EmitEvents extends EventsMap = DefaultEventsMap, SocketData = any> {
  readonly #adapter: AdapterLike;
  readonly rooms: Set<Room>;
  readonly exceptRooms: Set<Room>;
  readonly flags: Readonly<OperatorFlags>;

  constructor(
    adapter: AdapterLike,
    rooms: Set<Room> = new Set(),
    exceptRooms: Set<Room> = new Set(),
    flags: OperatorFlags = {},
  ) {
    this.#adapter = adapter;
    this.rooms = rooms;
    this.exceptRooms = exceptRooms;
    this.flags = flags;
  }

  /** Targets one or more rooms (in addition to the ones already targeted). */
  to(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.#adapter, withRooms(this.rooms, room), this.exceptRooms, this.flags);
  }

  in(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.to(room);
  }

  /** Excludes the sockets in these rooms. */
  except(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.#adapter, this.rooms, withRooms(this.exceptRooms, room), this.flags);
  }

  compress(compress: boolean): BroadcastOperator<EmitEvents, SocketData> {
    return this.#withFlags({ compress });
  }

  /** Packets may be dropped for clients that are not ready to receive them. */
  get volatile(): BroadcastOperator<EmitEvents, SocketData> {
    return this.#withFlags({ volatile: true });
  }

  /** Only the sockets of this server (a distributed adapter does not forward the packet). */
  get local(): BroadcastOperator<EmitEvents, SocketData> {
    return this.#withFlags({ local: true });
  }

  /** Acknowledgements of the next emit must arrive within `timeout` ms; its callback gets `(err, responses)`. */
  timeout(
    timeout: number,
  ): BroadcastOperator<DecorateAcknowledgementsWithTimeoutAndMultipleResponses<EmitEvents>, SocketData> {
    return this.#withFlags({ timeout }) as unknown as BroadcastOperator<
      DecorateAcknowledgementsWithTimeoutAndMultipleResponses<EmitEvents>,
      SocketData
    >;
  }

  #withFlags(extra: OperatorFlags): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.#adapter, this.rooms, this.exceptRooms, { ...this.flags, ...extra });
  }

  #options(): BroadcastOptions {
    return { rooms: this.rooms, except: this.exceptRooms, flags: this.flags };
  }

  /**
   * Emits to every targeted socket. A trailing function collects the answers: it gets
   * `(err, responses)`, `err` being set when `timeout()` expired before every client answered.
   */
  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    assertEmittable(ev);
    const data: unknown[] = [ev, ...args];
    const last = data[data.length - 1];
    if (typeof last !== "function") {
      this.#adapter.broadcast({ type: PacketType.EVENT, data }, this.#options());
      return true;
    }
    data.pop();
    this.#emitWithAckCallback(data, last as (err: Error | null, responses: unknown) => void);
    return true;
  }

  #emitWithAckCallback(data: unknown[], ack: (err: Error | null, responses: unknown) => void): void {
    const single = this.flags.expectSingleResponse === true;
    const responses: unknown[] = [];
    const packet: { type: number; data: unknown[]; id?: number } = { type: PacketType.EVENT, data };
    // The socket.io-adapter contract: every server (this one and, with a distributed adapter,
    // each other node) reports its recipients through `clientCountCallback` once; the broadcast
    // is complete when all `serverCount()` servers reported and every counted client answered.
    let expectedClients = 0;
    let reportedServers = 0;
    let expectedServers = -1;
    let settled = false;
    const registry = registryOf(this.#adapter);
    const onResponse: AckCallback = (response: unknown) => {
      if (settled) return;
      responses.push(response);
      settleIfComplete();
    };
    const settleIfComplete = () => {
      if (settled || expectedServers === -1 || reportedServers < expectedServers) return;
      if (responses.length < expectedClients) return;
      settled = true;
      registry.settleBroadcast(onResponse);
      ack(null, single ? responses[0] : responses);
    };
    // The registry's one timer: the recipients' unanswered entries go, then the caller hears.
    if (this.flags.timeout !== undefined) {
      registry.trackBroadcast(onResponse, this.flags.timeout, () => {
        if (settled) return;
        settled = true;
        ack(ackTimeoutError(), single ? responses[0] : responses);
      });
    }
    this.#adapter.broadcastWithAck(
      packet,
      this.#options(),
      (clientCount) => {
        expectedClients += clientCount;
        reportedServers++;
        settleIfComplete();
      },
      onResponse,
    );
    this.#serverCount().then(
      (count) => {
        expectedServers = count;
        settleIfComplete();
      },
      () => {
        // Without a server count the timeout settles the broadcast with what has come.
      },
    );
  }

  /** How many servers will report a client count: only this one for a local broadcast. */
  #serverCount(): Promise<number> {
    if (this.flags.local === true || typeof this.#adapter.serverCount !== "function") return Promise.resolve(1);
    return this.#adapter.serverCount();
  }

  /** Promise form of an emit with acknowledgement: resolves with every client's answer. */
  emitWithAck<Ev extends EventNames<EmitEvents>>(
    ev: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>> {
    return new Promise((resolve, reject) => {
      const callback = promiseAck(true, resolve, reject);
      (this.emit as (...a: unknown[]) => boolean)(ev, ...args, callback);
    });
  }

  /** Ids of the targeted sockets (the v3 API; prefer fetchSockets). */
  allSockets(): Promise<Set<SocketId>> {
    return this.#adapter.sockets(this.rooms);
  }

  /** The targeted sockets: local ones as Socket instances, others as RemoteSocket. */
  async fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    const found = await this.#adapter.fetchSockets(this.#options());
    return found.map((socket: any) =>
      typeof socket?.emit === "function" && socket.nsp !== undefined ? socket : new RemoteSocket(this.#adapter, socket),
    );
  }

  socketsJoin(room: Room | Room[]): void {
    unawaited(this.#adapter.addSockets(this.#options(), toArray(room)), "addSockets", this.#adapter);
  }

  socketsLeave(room: Room | Room[]): void {
    unawaited(this.#adapter.delSockets(this.#options(), toArray(room)), "delSockets", this.#adapter);
  }

  disconnectSockets(close = false): void {
    unawaited(this.#adapter.disconnectSockets(this.#options(), close), "disconnectSockets", this.#adapter);
  }
}

function toArray(room: Room | Room[]): Room[] {
  return Array.isArray(room) ? room : [room];
}

function withRooms(current: Set<Room>, room: Room | Room[]): Set<Room> {
  const next = new Set(current);
  if (Array.isArray(room)) for (const r of room) next.add(r);
  else next.add(room);
  return next;
}
