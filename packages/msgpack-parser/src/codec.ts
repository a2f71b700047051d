// The two msgpackr instances every Encoder/Decoder shares, configured once. The options are the
// ones TOOLCHAIN.md found to give notepack.io's bytes (what socket.io-msgpack-parser writes) and
// to keep msgpackr's own wire formats (records, structured clone) out of both directions.
import { Packr, type Options, type Unpackr } from "msgpackr";
// Decoding uses the no-eval build: the regular one compiles a reader (`new Function`) for a record
// layout seen a few times, and a client can define, reuse and redefine layouts within one packet
// to make the server compile code again and again. The separate build also has its own extension
// table, untouched by anything else in the process that registers msgpackr extensions.
import { Unpackr as NoEvalUnpackr } from "msgpackr/unpack-no-eval";

/** `skipValues` is a real msgpackr option missing from its .d.ts. */
type PackrOptions = Options & { skipValues: unknown[] };

const PACK_OPTIONS: PackrOptions = {
  useRecords: false, // no record extension (0x72): plain msgpack maps, as notepack writes
  variableMapSize: true, // fixmap/map16/map32 by size (without it every map gets a map16 header)
  encodeUndefinedAsNil: true, // undefined array items as nil, as notepack 3 and JSON do
  skipValues: [undefined], // undefined object values left out, as notepack and JSON do
};

const UNPACK_OPTIONS: Options = {
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: "number", // notepack's uint64/int64 as Number, not BigInt
  structuredClone: false, // refuses the id/pointer extensions (0x69/0x70) instead of building cycles
};

/**
 * The slab msgpackr packs into. msgpackr starts a fresh slab when less than 2 KiB is left, so its
 * default 8 KiB holds only five 1 KiB packets: a slab allocation every fifth binary packet made
 * binary encoding 0.72x notepack's speed (tools/bench micro). 32 KiB holds 29 of them (1.1x).
 * A queued packet pins its slab, as a pooled Buffer pins Node's 8 KiB pool.
 */
const SLAB_SIZE = 32 * 1024;

/**
 * One Packr for the process: it writes into msgpackr's module-level slab and returns views of
 * it, which later packs never overwrite (checked in the codec tests).
 */
export const packr = new Packr({ ...PACK_OPTIONS });
packr.useBuffer(Buffer.allocUnsafeSlow(SLAB_SIZE));
export const unpackr: Unpackr = new NoEvalUnpackr({ ...UNPACK_OPTIONS });

/** Past this, a slab was grown for a big message. */
const MAX_SHARED_SLAB = 64 * 1024;

/**
 * `packr.pack` with two guards on memory: msgpackr grows its slab for a big message (1 MB ->
 * a 4 MB slab) and then keeps cutting every later small message out of slabs that size, so one
 * queued 20-byte packet could pin megabytes. After a pack on an oversized slab, msgpackr gets a
 * fresh small slab, and a result using less than half of its slab is copied out (as notepack
 * allocates exactly, this is the memory profile of the official encoder).
 */
export function packShared(value: unknown, encodeOptions?: number): Buffer {
  const result = packr.pack(value, encodeOptions);
  const slabBytes = result.buffer.byteLength;
  if (slabBytes <= MAX_SHARED_SLAB) return result;
  packr.useBuffer(Buffer.allocUnsafeSlow(SLAB_SIZE));
  return result.length * 2 < slabBytes ? Buffer.from(result) : result;
}
