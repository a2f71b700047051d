export { createAdapter, type RedisStreamsAdapterFactory } from "./create-adapter.js";
export { RedisStreamsAdapter, streamNameOf } from "./redis-streams-adapter.js";
export { DEFAULT_OPTIONS, type RedisStreamsAdapterOptions } from "./options.js";
export type { StreamGap } from "./stream-reader.js";
export { RedisStreamsAdapterError, RedisStreamsOptionError, type RedisStreamsAdapterErrorCode } from "./errors.js";
