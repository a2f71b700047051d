// Errors this package raises, each with a stable `code`.

export type RedisStreamsAdapterErrorCode =
  /** An option has the wrong type or is out of range. */
  | "REDIS_STREAMS_INVALID_OPTION"
  /** The client is neither a node-redis (4 to 6) nor an ioredis (5, 6) client. */
  | "REDIS_STREAMS_INVALID_CLIENT";

export class RedisStreamsAdapterError extends Error {
  readonly code: RedisStreamsAdapterErrorCode;

  constructor(code: RedisStreamsAdapterErrorCode, message: string) {
    super(message);
    this.name = "RedisStreamsAdapterError";
    this.code = code;
  }
}
