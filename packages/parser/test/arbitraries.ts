// fast-check arbitraries for valid Socket.IO packets (shared by this package's tests).
import fc from "fast-check";
import { PacketType, RESERVED_EVENTS, type Packet } from "../src/index.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export const text = fc.string({ unit: "binary", maxLength: 12 });
export const key = text.filter((k) => !FORBIDDEN_KEYS.has(k) && k !== "_placeholder");
/** Numbers that survive JSON and msgpack unchanged (no -0, NaN, Infinity). */
export const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
);

export interface ValueOptions {
  binary?: boolean;
}

/** JSON values (plus Buffers when `binary`), nested a few levels. */
export function jsonValue(options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const leaves: Array<fc.Arbitrary<unknown>> = [fc.constant(null), fc.boolean(), number, text];
  if (options.binary) leaves.push(fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, ...leaves, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 4 }),
    object: fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  }));
  return value;
}

export const plainObject = (options: ValueOptions = {}) =>
  fc.dictionary(key, jsonValue(options), { maxKeys: 4, noNullPrototype: true });
export const namespace = fc.oneof(fc.constant("/"), fc.stringMatching(/^\/[a-z0-9_-]{1,10}$/));
export const ackId = fc.nat({ max: Number.MAX_SAFE_INTEGER });
export const eventName = fc.oneof(
  text.filter((n) => !RESERVED_EVENTS.has(n)),
  fc.integer(),
);

/** A packet valid for both codecs; binary only where the protocol allows it (EVENT/ACK data). */
export function packet(options: ValueOptions = {}): fc.Arbitrary<Packet> {
  const args = fc.array(jsonValue(options), { maxLength: 4 });
  return fc.oneof(
    fc.record(
      { type: fc.constant(PacketType.CONNECT), nsp: namespace, data: plainObject() },
      { requiredKeys: ["type", "nsp"] },
    ),
    fc.record({ type: fc.constant(PacketType.DISCONNECT), nsp: namespace }),
    fc.record(
      {
        type: fc.constant(PacketType.EVENT),
        nsp: namespace,
        data: fc.tuple(eventName, args).map(([name, rest]) => [name, ...rest]),
        id: ackId,
      },
      { requiredKeys: ["type", "nsp", "data"] },
    ),
    fc.record({ type: fc.constant(PacketType.ACK), nsp: namespace, data: args, id: ackId }),
    fc.record({ type: fc.constant(PacketType.CONNECT_ERROR), nsp: namespace, data: fc.oneof(text, plainObject()) }),
  ) as fc.Arbitrary<Packet>;
}

/** Counts the Buffers anywhere in a value. */
export function countBinaries(value: unknown): number {
  if (Buffer.isBuffer(value)) return 1;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countBinaries(item), 0);
  if (typeof value === "object" && value !== null)
    return Object.values(value).reduce((sum: number, item) => sum + countBinaries(item), 0);
  return 0;
}
