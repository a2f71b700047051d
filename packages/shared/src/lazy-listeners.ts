// Per-connection memory: Node's EventEmitter constructor gives every instance its own listener
// table (`_events`, an object of ~190 bytes) even when nobody ever listens, which is the common
// case for sessions and transports (their owner is called directly). EventEmitter already
// creates the table on the first `on()` when `_events` is undefined, so an emitter may start
// without one. This relies on a Node internal: test/lazy-listeners.test.ts fails if Node
// renames or stops honouring the field.
import type { EventEmitter } from "node:events";

/** Call in the constructor of an EventEmitter subclass, right after `super()`. */
export function withoutListenerTable(emitter: EventEmitter): void {
  (emitter as unknown as { _events: unknown })._events = undefined;
}

/**
 * A timer or tick callback that runs a method of its target, so one module-level function serves
 * every instance instead of a closure per instance and per timer:
 * `setTimeout(callMethod, ms, this, EXPIRE)` / `process.nextTick(callMethod, this, FLUSH)`.
 * `method` is usually a module-private symbol, so the method stays out of the public API.
 */
export function callMethod<K extends PropertyKey>(target: { [key in K]: () => void }, method: K): void {
  target[method]();
}

/**
 * Gives the emitter a listener table V8 keeps in fast mode. Node creates `_events` as
 * `{ __proto__: null }`, which V8 stores as a hash dictionary (about 230 bytes for three events);
 * an instance of ListenerTable stays a fast object with the same semantics (nothing inherited,
 * so an event named "toString" still has no listener), at about a fifth of the size while its
 * events are only added. Removing an event other than the last
 * added turns it back into a dictionary, which happens when the connection ends. Listeners
 * already registered are kept; an object without Node's `_events` field (another emitter
 * implementation) is left alone. Relies on the same Node internal as withoutListenerTable.
 */
export function withCompactListenerTable(emitter: object): void {
  if (!Object.hasOwn(emitter, "_events")) return;
  const holder = emitter as { _events?: Record<PropertyKey, unknown> };
  const table = new ListenerTable();
  const current = holder._events;
  if (current !== undefined) for (const key of Reflect.ownKeys(current)) table[key] = current[key];
  holder._events = table;
}

/**
 * Instances are fast objects whose prototype chain holds no key at all (an empty, frozen,
 * null-prototype object): built with one allocation, cheaper than `Object.setPrototypeOf({}, null)`.
 */
const ListenerTable = function ListenerTable() {} as unknown as new () => Record<PropertyKey, unknown>;
ListenerTable.prototype = Object.freeze(Object.create(null));
