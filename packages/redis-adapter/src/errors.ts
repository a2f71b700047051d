// Every error this package raises or emits carries a stable `code` (listed in docs/errors.md); the
// classes are made by @socketry/shared's codedErrorClass, so `instanceof` works across two
// installed copies of the package.
import { codedErrorClass } from "@socketry/shared";

export type RedisAdapterErrorCode =
  /** An option has the wrong type or is out of range. */
  | "ERR_REDIS_ADAPTER_INVALID_OPTION"
  /** Neither a node-redis nor an ioredis client was given (or one that cannot do what was asked). */
  | "ERR_REDIS_ADAPTER_INVALID_CLIENT"
  /** The Redis URI form needs the `redis` package, which is not installed. */
  | "ERR_REDIS_ADAPTER_REDIS_MISSING"
  /** A Redis client reported an error (connection lost, refused, ...). `cause` holds it. */
  | "ERR_REDIS_ADAPTER_CLIENT_ERROR"
  /** A publish or subscribe command failed. `cause` holds the client's error. */
  | "ERR_REDIS_ADAPTER_COMMAND_FAILED"
  /** A cluster request did not get every answer before `requestsTimeout`. */
  | "ERR_REDIS_ADAPTER_REQUEST_TIMEOUT";

const BRAND = "socketry.redis-adapter";

export const RedisAdapterError = codedErrorClass<RedisAdapterErrorCode>("RedisAdapterError", BRAND);
export type RedisAdapterError = InstanceType<typeof RedisAdapterError>;

/** An invalid option or client argument: a TypeError that is also a RedisAdapterError. */
export const RedisAdapterOptionError = codedErrorClass<RedisAdapterErrorCode, TypeError>("TypeError", BRAND, TypeError);
export type RedisAdapterOptionError = InstanceType<typeof RedisAdapterOptionError>;

export function invalidOption(name: string, expected: string): RedisAdapterOptionError {
  return new RedisAdapterOptionError("ERR_REDIS_ADAPTER_INVALID_OPTION", `option "${name}" must be ${expected}`);
}

export function invalidClient(message: string): RedisAdapterOptionError {
  return new RedisAdapterOptionError("ERR_REDIS_ADAPTER_INVALID_CLIENT", message);
}

/** The official message of a cluster request that timed out. */
export function requestTimeout(received: number, expected: number): RedisAdapterError {
  return new RedisAdapterError(
    "ERR_REDIS_ADAPTER_REQUEST_TIMEOUT",
    `timeout reached: only ${received} responses received out of ${expected}`,
  );
}
