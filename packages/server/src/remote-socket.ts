// biome-ignore-all lint/suspicious/noExplicitAny: SocketData defaults to any, as in the official types
// A socket as fetchSockets() returns it when it lives on another server of the cluster: its
// public data, and the operations an adapter can carry out remotely.
import type { AdapterLike, Room, SocketId } from "./adapter-types.js";
import { BroadcastOperator } from "./broadcast-operator.js";
import type { Handshake } from "./handshake.js";
import type { DecorateAcknowledgements, DefaultEventsMap, EventNames, EventParams, EventsMap } from "./typed-events.js";

/** What an adapter reports about a socket. */
export interface SocketDetails<SocketData> {
  id: SocketId;
  handshake: Handshake;
  rooms: Room[] | Set<Room>;
  data: SocketData;
}

export class RemoteSocket<EmitEvents extends EventsMap = DefaultEventsMap, SocketData = any> {
  readonly id: SocketId;
  readonly handshake: Handshake;
  readonly rooms: Set<Room>;
  readonly data: SocketData;
  readonly #operator: BroadcastOperator<EmitEvents, SocketData>;

  constructor(adapter: AdapterLike, details: SocketDetails<SocketData>) {
    this.id = details.id;
    this.handshake = details.handshake;
    this.rooms = new Set(details.rooms);
    this.data = details.data;
    this.#operator = new BroadcastOperator<EmitEvents, SocketData>(adapter, new Set([this.id]), new Set(), {
      expectSingleResponse: true,
    });
  }

  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return this.#operator.emit(ev, ...(args as any));
  }

  /** Acknowledgements of the next emit must arrive within `timeout` ms; the callback gets `(err, answer)`. */
  timeout(timeout: number): BroadcastOperator<DecorateAcknowledgements<EmitEvents>, SocketData> {
    return this.#operator.timeout(timeout) as unknown as BroadcastOperator<
      DecorateAcknowledgements<EmitEvents>,
      SocketData
    >;
  }

  join(room: Room | Room[]): void {
    this.#operator.socketsJoin(room);
  }

  leave(room: Room): void {
    this.#operator.socketsLeave(room);
  }

  disconnect(close = false): this {
    this.#operator.disconnectSockets(close);
    return this;
  }
}
