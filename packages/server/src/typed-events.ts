// biome-ignore-all lint/suspicious/noExplicitAny: event arguments are the user's types
// Type helpers for typed events: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>.
// A map of events is an interface whose keys are event names and values are listener signatures;
// an acknowledgement is the last parameter when it is a function.
import { EventEmitter } from "node:events";

export interface EventsMap {
  [event: string]: any;
}

/** The map used when the user gives none: any event, any arguments. */
export interface DefaultEventsMap {
  [event: string]: (...args: any[]) => void;
}

export type EventNames<Map extends EventsMap> = keyof Map & (string | symbol);

export type EventParams<Map extends EventsMap, Ev extends EventNames<Map>> = Parameters<Map[Ev]>;

type FallbackToUntypedListener<T> = [T] extends [never] ? (...args: any[]) => void | Promise<void> : T;

export type ReservedOrUserEventNames<Reserved extends EventsMap, User extends EventsMap> =
  | EventNames<Reserved>
  | EventNames<User>;

export type ReservedOrUserListener<
  Reserved extends EventsMap,
  User extends EventsMap,
  Ev extends string | symbol,
> = FallbackToUntypedListener<
  Ev extends EventNames<Reserved> ? Reserved[Ev] : Ev extends EventNames<User> ? User[Ev] : never
>;

export type Last<T extends any[]> = T extends [...infer _Head, infer L] ? L : any;
export type AllButLast<T extends any[]> = T extends [...infer Head, infer _L] ? Head : any[];

type FirstNonErrorTuple<T extends unknown[]> = T[0] extends Error ? T[1] : T[0];
/** The value an acknowledgement delivers: its first argument that is not the timeout error. */
export type FirstNonErrorArg<T> = T extends (...args: infer Params) => any ? FirstNonErrorTuple<Params> : any;

type PrependTimeoutError<Params extends any[]> = {
  [K in keyof Params]: Params[K] extends (...args: infer A) => infer R ? (err: Error, ...args: A) => R : Params[K];
};

type ExpectMultipleResponses<Params extends any[]> = {
  [K in keyof Params]: Params[K] extends (...args: infer A) => infer R
    ? (err: Error, responses: FirstNonErrorTuple<A>[]) => R
    : Params[K];
};

/** With timeout(): every acknowledgement gets an error first. */
export type DecorateAcknowledgements<E extends EventsMap> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: PrependTimeoutError<P>) => R : E[K];
};

/**
 * Broadcasts with timeout(): an acknowledgement gets an error (or null) and the list of every
 * client's answer.
 */
export type DecorateAcknowledgementsWithTimeoutAndMultipleResponses<E extends EventsMap> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ExpectMultipleResponses<P>) => R : E[K];
};

type ErrorFirstToMultipleResponses<Params extends any[]> = {
  [K in keyof Params]: Params[K] extends (err: Error, arg: infer A) => infer R
    ? (err: Error, arg: A[]) => R
    : Params[K];
};

/**
 * Broadcasts from a socket (socket.broadcast, socket.to()): as officially, an acknowledgement
 * already written `(err, answer)` gets the list of answers; others are left as they are.
 */
export type DecorateAcknowledgementsWithMultipleResponses<E extends EventsMap> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ErrorFirstToMultipleResponses<P>) => R : E[K];
};

/** Events whose signatures carry no acknowledgement (server-side emits without ack). */
export type RemoveAcknowledgements<E extends EventsMap> = {
  [K in keyof E as Last<Parameters<E[K]>> extends (...args: any[]) => any ? never : K]: E[K];
};

/**
 * An EventEmitter whose on/once/off and emit are typed by the maps. `emitReserved` is how the
 * library itself emits lifecycle events, which user code cannot emit.
 */
export abstract class StrictEventEmitter<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  // biome-ignore lint/complexity/noBannedTypes: the official default (no reserved events), which typed code relies on
  ReservedEvents extends EventsMap = {},
> extends EventEmitter {
  override on<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
    listener: ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>,
  ): this {
    return super.on(ev, listener as (...args: any[]) => void);
  }

  override addListener<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
    listener: ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>,
  ): this {
    return super.addListener(ev, listener as (...args: any[]) => void);
  }

  override once<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
    listener: ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>,
  ): this {
    return super.once(ev, listener as (...args: any[]) => void);
  }

  override off<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
    listener: ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>,
  ): this {
    return super.off(ev, listener as (...args: any[]) => void);
  }

  override removeListener<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
    listener: ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>,
  ): this {
    return super.removeListener(ev, listener as (...args: any[]) => void);
  }

  override listeners<Ev extends ReservedOrUserEventNames<ReservedEvents, ListenEvents>>(
    ev: Ev,
  ): ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>[] {
    return super.listeners(ev) as ReservedOrUserListener<ReservedEvents, ListenEvents, Ev>[];
  }

  override emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return super.emit(ev, ...args);
  }

  protected emitReserved<Ev extends EventNames<ReservedEvents>>(
    ev: Ev,
    ...args: EventParams<ReservedEvents, Ev>
  ): boolean {
    return super.emit(ev, ...args);
  }

  /** Emits to local listeners with no type checks (events coming from the network or other nodes). */
  protected emitUntyped(ev: string, ...args: any[]): boolean {
    return super.emit(ev, ...args);
  }

  /** emitUntyped for an [event, ...args] list as decoded, without copying it. */
  protected emitUntypedList(list: [string, ...any[]]): boolean {
    return Reflect.apply(EventEmitter.prototype.emit, this, list) as boolean;
  }
}
