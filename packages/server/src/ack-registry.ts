// biome-ignore-all lint/suspicious/noExplicitAny: acknowledgement arguments are the client's
// The one owner of acknowledgements in a namespace: ack ids, ack timeouts, and the dropping of
// entries whose time is up. Socket emits and broadcasts register here; adapters (socketry's and
// those written for socket.io-adapter) keep doing what the official contract says — take an id
// from `nsp._ids` and put the response function in each recipient's `socket.acks` — and the
// recipient maps (AckMap) report those entries to the broadcast they belong to. One timer per
// emit decides: when it fires, the unanswered entries are gone before the caller hears of the
// timeout, whichever adapter sent the packets and whatever timers that adapter runs itself.
import { ackTimeoutError, serverError } from "./errors.js";

export type AckCallback = (...args: any[]) => void;

const FAIL = Symbol("socketry.ackFail");
const BROADCAST = Symbol("socketry.broadcastAck");

type PendingAck = AckCallback & { [FAIL]?: (err: Error) => void };

/** A broadcast with ack and timeout: where its response function was stored, until it settles. */
interface BroadcastRecord {
  /** Pairs (map, id) flattened: [map0, id0, map1, id1, ...]. */
  holders: Array<AckMap | number>;
  timer: NodeJS.Timeout | undefined;
}

type TaggedResponse = AckCallback & { [BROADCAST]?: BroadcastRecord };

/** A socket's pending acknowledgements by id. Entries of a tracked broadcast report where they are. */
export class AckMap extends Map<number, AckCallback> {
  override set(id: number, callback: AckCallback): this {
    super.set(id, callback);
    const record = (callback as TaggedResponse)[BROADCAST];
    if (record !== undefined) record.holders.push(this, id);
    return this;
  }
}

export class AckRegistry {
  /** The next ack id; read and bumped as `nsp._ids` by adapters written for socket.io-adapter. */
  counter = 0;

  nextId(): number {
    return this.counter++;
  }

  /**
   * Adds a socket emit's ack to `acks` and returns its id.
   * - `timeout` set: `callback(err)` after `timeout` ms, else `callback(null, ...answer)`.
   * - only `dropAfter` set (the server-wide ackTimeout for a plain callback): the entry is removed
   *   after `dropAfter` ms without calling `callback`, so an unanswered ack cannot pin memory.
   * - neither: `callback(...answer)` whenever the answer comes.
   * A second answer, or one after the entry went, finds nothing: it is ignored.
   */
  addSocketAck(
    acks: Map<number, AckCallback>,
    callback: AckCallback,
    timeout: number | undefined,
    dropAfter: number | undefined,
  ): number {
    const id = this.nextId();
    if (timeout === undefined && dropAfter === undefined) {
      acks.set(id, callback);
      return id;
    }
    const timer = setTimeout(
      expireSocketAck,
      timeout ?? dropAfter,
      acks,
      id,
      timeout === undefined ? undefined : callback,
    );
    const entry: PendingAck =
      timeout !== undefined
        ? (...args) => {
            clearTimeout(timer);
            callback(null, ...args);
          }
        : (...args) => {
            clearTimeout(timer);
            callback(...args);
          };
    entry[FAIL] = (err) => {
      clearTimeout(timer);
      if (timeout !== undefined) callback(err);
    };
    acks.set(id, entry);
    return id;
  }

  /**
   * Tracks a broadcast whose `response` function the adapter is about to store in its
   * recipients' ack maps: after `timeout` ms every entry still there is removed, then `onTimeout`
   * runs. Call before handing `response` to the adapter.
   */
  trackBroadcast(response: AckCallback, timeout: number, onTimeout: () => void): void {
    const record: BroadcastRecord = { holders: [], timer: undefined };
    (response as TaggedResponse)[BROADCAST] = record;
    record.timer = setTimeout(expireBroadcast, timeout, response, onTimeout);
  }

  /** Every recipient answered in time: the timer stops and nothing needs dropping. */
  settleBroadcast(response: AckCallback): void {
    const record = (response as TaggedResponse)[BROADCAST];
    if (record === undefined) return;
    clearTimeout(record.timer);
    delete (response as TaggedResponse)[BROADCAST];
  }
}

function expireSocketAck(acks: Map<number, AckCallback>, id: number, callback: AckCallback | undefined): void {
  acks.delete(id);
  callback?.(ackTimeoutError());
}

function expireBroadcast(response: AckCallback, onTimeout: () => void): void {
  const record = (response as TaggedResponse)[BROADCAST];
  delete (response as TaggedResponse)[BROADCAST];
  if (record !== undefined) {
    const holders = record.holders;
    for (let i = 0; i < holders.length; i += 2) {
      const acks = holders[i] as AckMap;
      const id = holders[i + 1] as number;
      if (acks.get(id) === response) acks.delete(id);
    }
  }
  onTimeout();
}

/** On disconnect: timers stop, and callers that expect an error get one. */
export function failPendingAcks(acks: Map<number, AckCallback>): void {
  if (acks.size === 0) return;
  const entries = [...acks.values()];
  acks.clear();
  const err = serverError("ERR_SERVER_SOCKET_DISCONNECTED", "socket has been disconnected");
  for (const entry of entries) (entry as PendingAck)[FAIL]?.(err);
}

/** Makes an emitWithAck-style promise callback: error-first when a timeout applies. */
export function promiseAck(
  withTimeout: boolean,
  resolve: (value: any) => void,
  reject: (err: Error) => void,
): AckCallback {
  return withTimeout
    ? (err: Error | null, value: unknown) => {
        if (!err) return resolve(value);
        // A broadcast's timeout carries the answers that did come, as the official server's does.
        if (value !== undefined && err instanceof Error) (err as Error & { responses?: unknown }).responses = value;
        reject(err);
      }
    : (value: unknown) => resolve(value);
}
