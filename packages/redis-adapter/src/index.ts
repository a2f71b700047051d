// @socketry/redis-adapter: socketry nodes (and official socket.io nodes with
// @socket.io/redis-adapter) share broadcasts and cluster operations through Redis.
import { redisAdapter } from "./create-adapter.js";

export default redisAdapter;
export {
  createAdapter,
  createShardedAdapter,
  redisAdapter,
  type CreateShardedAdapterOptions,
  type ShardedRedisAdapterConstructor,
  type CreateAdapterOptions,
  type LegacyAdapterOptions,
  type RedisAdapterConstructor,
  type RedisTarget,
} from "./create-adapter.js";
export { RedisAdapter, type RedisAdapterHealth, type RemoteSocketDetails } from "./redis-adapter.js";
export { ShardedRedisAdapter } from "./sharded-adapter.js";
export { SHARDED_ADAPTER_DEFAULTS, type ShardedRedisAdapterOptions, type SubscriptionMode } from "./sharded-options.js";
export { MessageType } from "./cluster-protocol.js";
export { RedisAdapterError, RedisAdapterOptionError, type RedisAdapterErrorCode } from "./errors.js";
export { REDIS_ADAPTER_DEFAULTS, type InterNodeParser, type RedisAdapterOptions } from "./options.js";
export { RequestType } from "./protocol.js";
