// Every error this package raises or emits carries a stable `code`; `instanceof` works across two
// installed copies of the package (the brand is a global symbol).
const BRAND = Symbol.for("socketry.redis-adapter.error");

export type RedisAdapterErrorCode =
  /** An option has the wrong type or is out of range. */
  | "REDIS_ADAPTER_INVALID_OPTION"
  /** Neither a node-redis v4 nor an ioredis client was given. */
  | "REDIS_ADAPTER_INVALID_CLIENT"
  /** The Redis URI form needs the `redis` package, which is not installed. */
  | "REDIS_ADAPTER_REDIS_MISSING"
  /** A Redis client reported an error (connection lost, refused, ...). `cause` holds it. */
  | "REDIS_ADAPTER_CLIENT_ERROR"
  /** A publish or subscribe command failed. `cause` holds the client's error. */
  | "REDIS_ADAPTER_COMMAND_FAILED"
  /** A cluster request did not get every answer before `requestsTimeout`. */
  | "REDIS_ADAPTER_REQUEST_TIMEOUT";

export class RedisAdapterError extends Error {
  readonly code: RedisAdapterErrorCode;

  constructor(code: RedisAdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisAdapterError";
    this.code = code;
  }

  get [BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

export function invalidOption(name: string, expected: string): RedisAdapterError {
  return new RedisAdapterError("REDIS_ADAPTER_INVALID_OPTION", `option "${name}" must be ${expected}`);
}
