// The adapter's options: one defaults literal, validated once, never mutating the caller's object.
import { invalidOption } from "./errors.js";

/** Encodes and decodes inter-node messages (the official adapter's `parser` option shape). */
export interface InterNodeParser {
  encode(value: unknown): Uint8Array | string;
  decode(data: Uint8Array): unknown;
}

export interface RedisAdapterOptions {
  /** Prefix of every channel name. */
  key: string;
  /** Milliseconds a cluster request (fetchSockets, serverSideEmit with ack, ...) waits for answers. */
  requestsTimeout: number;
  /** Answer requests on a channel specific to the requesting node (as the official option). */
  publishOnSpecificResponseChannel: boolean;
  /** Encoding of broadcasts and binary requests; msgpack compatible with notepack.io by default. */
  parser: InterNodeParser;
  /** **socketry**: milliseconds between two heartbeats of this node. */
  heartbeatInterval: number;
  /** **socketry**: a peer whose last heartbeat is older than this is counted as gone. */
  heartbeatTimeout: number;
}

export const REDIS_ADAPTER_DEFAULTS = {
  key: "socket.io",
  requestsTimeout: 5000,
  publishOnSpecificResponseChannel: false,
  heartbeatInterval: 5000,
  heartbeatTimeout: 10000,
} as const;

export function resolveOptions(
  given: Partial<RedisAdapterOptions> | undefined,
  defaultParser: InterNodeParser,
): Readonly<RedisAdapterOptions> {
  const options: RedisAdapterOptions = { ...REDIS_ADAPTER_DEFAULTS, parser: defaultParser };
  for (const [name, value] of Object.entries(given ?? {})) {
    if (value !== undefined && name in options) (options as unknown as Record<string, unknown>)[name] = value;
  }
  if (typeof options.key !== "string") throw invalidOption("key", "a string");
  for (const name of ["requestsTimeout", "heartbeatInterval", "heartbeatTimeout"] as const) {
    const value = options[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw invalidOption(name, "a positive number");
  }
  if (options.heartbeatTimeout <= options.heartbeatInterval) {
    throw invalidOption("heartbeatTimeout", "greater than heartbeatInterval");
  }
  const parser = options.parser;
  if (typeof parser?.encode !== "function" || typeof parser?.decode !== "function") {
    throw invalidOption("parser", "an object with encode() and decode()");
  }
  return Object.freeze(options);
}
