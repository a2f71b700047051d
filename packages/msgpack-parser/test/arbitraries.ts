// fast-check arbitraries for valid Socket.IO packets as the msgpack codec carries them.
import fc from "fast-check";
import { PacketType, type Packet } from "../src/index.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);

export const text = fc.string({ unit: "binary", maxLength: 12 });
export const key = text.filter((k) => !FORBIDDEN_KEYS.has(k));

export interface ValueOptions {
  /** Integers beyond 32 bits: msgpackr writes float64 where notepack writes (u)int64 (same value). */
  wideIntegers?: boolean;
}

/** Numbers both codecs encode identically (no -0; integral floats only below 2^64, see TOOLCHAIN.md). */
export function number(options: ValueOptions = {}): fc.Arbitrary<number> {
  const integers = options.wideIntegers ? fc.maxSafeInteger() : fc.integer();
  const fractions = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n));
  return fc.oneof(integers, fractions);
}

export function value(options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const leaves: Array<fc.Arbitrary<unknown>> = [
    fc.constant(null),
    fc.boolean(),
    number(options),
    text,
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  ];
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, ...leaves, tie("array"), tie("object")),
    array: fc.array(tie("tree"), { maxLength: 4 }),
    object: fc.dictionary(key, tie("tree"), { maxKeys: 4, noNullPrototype: true }),
  }));
  return tree;
}

const plainObject = (options: ValueOptions) =>
  fc.dictionary(key, value(options), { maxKeys: 4, noNullPrototype: true });
const namespace = fc.oneof(fc.constant("/"), fc.stringMatching(/^\/[a-z0-9_-]{1,10}$/));
const eventName = fc.oneof(
  text.filter((n) => !RESERVED.has(n)),
  fc.integer(),
);

/** Packets in the key order { type, nsp, data, id } with the msgpack types 0..4. */
export function packet(options: ValueOptions = {}): fc.Arbitrary<Packet> {
  const args = fc.array(value(options), { maxLength: 4 });
  const ackId = options.wideIntegers ? fc.nat({ max: Number.MAX_SAFE_INTEGER }) : fc.nat({ max: 2 ** 31 - 1 });
  const build = (type: PacketType, nsp: string, data: unknown, id?: number): Packet => {
    const p: Packet = { type, nsp };
    if (data !== undefined) p.data = data;
    if (id !== undefined) p.id = id;
    return p;
  };
  return fc.oneof(
    fc
      .tuple(namespace, fc.option(plainObject(options), { nil: undefined }))
      .map(([nsp, data]) => build(PacketType.CONNECT, nsp, data)),
    namespace.map((nsp) => build(PacketType.DISCONNECT, nsp, undefined)),
    fc
      .tuple(namespace, eventName, args, fc.option(ackId, { nil: undefined }))
      .map(([nsp, name, rest, id]) => build(PacketType.EVENT, nsp, [name, ...rest], id)),
    fc.tuple(namespace, args, ackId).map(([nsp, data, id]) => build(PacketType.ACK, nsp, data, id)),
    fc
      .tuple(namespace, fc.oneof(text, plainObject(options)))
      .map(([nsp, data]) => build(PacketType.CONNECT_ERROR, nsp, data)),
  );
}
