// Pending acknowledgements of one socket. The map holds plain functions called with the client's
// answer (adapters written for socket.io-adapter put their own functions there too); an entry
// created with a timeout also knows how to fail, so a disconnect can tell its caller.
import { ackTimeoutError, serverError } from "./errors.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- acknowledgement arguments are the client's */

const FAIL = Symbol("socketry.ackFail");

export type AckCallback = (...args: any[]) => void;
type PendingAck = AckCallback & { [FAIL]?: (err: Error) => void };

/**
 * Adds the entry for ack `id`.
 * - `timeout` set: `callback(err)` after `timeout` ms, else `callback(null, ...answer)`.
 * - only `dropAfter` set (the server-wide ackTimeout for a plain callback): the entry is removed
 *   after `dropAfter` ms without calling `callback`, so an unanswered ack cannot pin memory.
 * - neither: `callback(...answer)` whenever the answer comes.
 */
export function addPendingAck(
  acks: Map<number, AckCallback>,
  id: number,
  callback: AckCallback,
  timeout: number | undefined,
  dropAfter: number | undefined,
): void {
  if (timeout !== undefined) {
    const timer = setTimeout(() => {
      acks.delete(id);
      callback(ackTimeoutError());
    }, timeout);
    const entry: PendingAck = (...args) => {
      clearTimeout(timer);
      callback(null, ...args);
    };
    entry[FAIL] = (err) => {
      clearTimeout(timer);
      callback(err);
    };
    acks.set(id, entry);
    return;
  }
  if (dropAfter !== undefined) {
    const timer = setTimeout(() => acks.delete(id), dropAfter);
    const entry: PendingAck = (...args) => {
      clearTimeout(timer);
      callback(...args);
    };
    entry[FAIL] = () => clearTimeout(timer);
    acks.set(id, entry);
    return;
  }
  acks.set(id, callback);
}

/** On disconnect: timers stop, and callers that expect an error get one. */
export function failPendingAcks(acks: Map<number, AckCallback>): void {
  if (acks.size === 0) return;
  const entries = [...acks.values()];
  acks.clear();
  const err = serverError("SERVER_SOCKET_DISCONNECTED", "socket has been disconnected");
  for (const entry of entries) (entry as PendingAck)[FAIL]?.(err);
}

/** Makes an emitWithAck-style promise callback: error-first when a timeout applies. */
export function promiseAck(withTimeout: boolean, resolve: (value: any) => void, reject: (err: Error) => void): AckCallback {
  return withTimeout
    ? (err: Error | null, value: unknown) => (err ? reject(err) : resolve(value))
    : (value: unknown) => resolve(value);
}
