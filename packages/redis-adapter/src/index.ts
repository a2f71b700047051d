// @socketry/redis-adapter: socketry nodes (and official socket.io nodes with
// @socket.io/redis-adapter) share broadcasts and cluster operations through Redis.
import { redisAdapter } from "./create-adapter.js";

export default redisAdapter;
export {
  createAdapter,
  redisAdapter,
  type CreateAdapterOptions,
  type LegacyAdapterOptions,
  type RedisAdapterConstructor,
  type RedisTarget,
} from "./create-adapter.js";
export { RedisAdapter, type RedisAdapterHealth, type RemoteSocketDetails } from "./redis-adapter.js";
export { RedisAdapterError, type RedisAdapterErrorCode } from "./errors.js";
export { REDIS_ADAPTER_DEFAULTS, type InterNodeParser, type RedisAdapterOptions } from "./options.js";
export { RequestType } from "./protocol.js";
