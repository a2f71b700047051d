// Errors this package raises, each with a stable `code` (listed in docs/errors.md); the classes are
// made by @socketry/shared's codedErrorClass, so `instanceof` works across two installed copies.
import { codedErrorClass } from "@socketry/shared";

export type RedisStreamsAdapterErrorCode =
  /** An option has the wrong type or is out of range. */
  | "ERR_REDIS_STREAMS_INVALID_OPTION"
  /** The client is neither a node-redis (4 to 6) nor an ioredis (5, 6) client. */
  | "ERR_REDIS_STREAMS_INVALID_CLIENT";

const BRAND = "socketry.redis-streams-adapter";

export const RedisStreamsAdapterError = codedErrorClass<RedisStreamsAdapterErrorCode>(
  "RedisStreamsAdapterError",
  BRAND,
);
export type RedisStreamsAdapterError = InstanceType<typeof RedisStreamsAdapterError>;

/** An invalid option or client: a TypeError that is also a RedisStreamsAdapterError. */
export const RedisStreamsOptionError = codedErrorClass<RedisStreamsAdapterErrorCode, TypeError>(
  "TypeError",
  BRAND,
  TypeError,
);
export type RedisStreamsOptionError = InstanceType<typeof RedisStreamsOptionError>;

export function invalidOption(name: string, expected: string, value: unknown): RedisStreamsOptionError {
  return new RedisStreamsOptionError(
    "ERR_REDIS_STREAMS_INVALID_OPTION",
    `redis-streams-adapter: ${name} must be ${expected} (got ${String(value)})`,
  );
}

export function invalidClient(): RedisStreamsOptionError {
  return new RedisStreamsOptionError(
    "ERR_REDIS_STREAMS_INVALID_CLIENT",
    "redis-streams-adapter: the client must be a node-redis (4 to 6) or an ioredis (5, 6) client",
  );
}
