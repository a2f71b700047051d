// One walk over what msgpackr decoded, before anything else looks at it. msgpackr's extension
// table is process-global (Date, Set, Error, RegExp, BigInt, typed arrays, records, and whatever
// other code registers), so its output can hold any of those: only JSON-like values and bin
// (Buffer) get through. The walk also drops the keys that could pollute prototypes and bounds
// the nesting: it recurses only after checking the depth, so it goes at most maxDepth deep.
import { isForbiddenKey } from "@socketry/parser";
import { ERROR_MESSAGES, parserError } from "./errors.js";

/** msgpackr renames a decoded `__proto__` key to this (it never assigns `__proto__` itself). */
const RENAMED_PROTO_KEY = "__proto_";
const PROTO_KEY_BYTES = Buffer.from("__proto__");

export interface WalkState {
  readonly maxDepth: number;
  readonly source: Buffer;
  /** Whether the input spells `__proto__`: looked up once, on the first `__proto_` key met. */
  protoInSource: boolean | undefined;
}

/** `source` is the msgpack input, consulted only if a `__proto_` key shows up. */
export function walkState(maxDepth: number, source: Buffer): WalkState {
  return { maxDepth, source, protoInSource: undefined };
}

/**
 * Checks a field of the packet map (its containers are depth 1) and everything under it,
 * removing forbidden keys; throws a ParserError for a value msgpack-parser does not carry.
 */
export function inspectField(value: unknown, state: WalkState): void {
  if (typeof value === "object" && value !== null) walkChild(value, 1, state);
  else checkScalar(value);
}

/**
 * True when `key` is msgpackr's rename of a `__proto__` key, i.e. `__proto_` in an input that
 * spells `__proto__` (a genuine `__proto_` key next to one is dropped with it).
 */
export function isRenamedProtoKey(key: string, state: WalkState): boolean {
  if (key !== RENAMED_PROTO_KEY) return false;
  state.protoInSource ??= state.source.includes(PROTO_KEY_BYTES);
  return state.protoInSource;
}

function walkObject(object: Record<string, unknown>, depth: number, state: WalkState): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (isRenamedProtoKey(key, state) || isForbiddenKey(key, value)) {
      delete object[key];
      continue;
    }
    if (typeof value === "object" && value !== null) walkChild(value, depth + 1, state);
    else checkScalar(value);
  }
}

function walkArray(array: unknown[], depth: number, state: WalkState): void {
  for (let i = 0; i < array.length; i++) {
    const value = array[i];
    if (typeof value === "object" && value !== null) walkChild(value, depth + 1, state);
    else checkScalar(value);
  }
}

/** An array or plain object is walked (if not too deep), a Buffer (bin) kept, anything else refused. */
function walkChild(value: object, depth: number, state: WalkState): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    if (depth > state.maxDepth) throw tooDeep();
    walkArray(value as unknown[], depth, state);
  } else if (proto === Object.prototype) {
    if (depth > state.maxDepth) throw tooDeep();
    walkObject(value as Record<string, unknown>, depth, state);
  } else if (!Buffer.isBuffer(value)) {
    throw unsupported();
  }
}

/** nil, booleans, numbers, strings and notepack 2's undefined; never a BigInt, symbol or function. */
function checkScalar(value: unknown): void {
  const type = typeof value;
  if (type !== "string" && type !== "number" && type !== "boolean" && value !== null && value !== undefined) {
    throw unsupported();
  }
}

function tooDeep() {
  return parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
}

/** A value msgpack extension types built (Date, Set, BigInt...): not a Socket.IO value. */
function unsupported() {
  return parserError("ERR_PARSER_INVALID_ENCODING", ERROR_MESSAGES.invalidPayload);
}
