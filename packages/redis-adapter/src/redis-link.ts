// Picks the link for the clients given: node-redis 4/5/6 (single or cluster), node-redis 3, or
// ioredis 5/6 (single or cluster). Both clients of one adapter must be of the same library.
import { invalidClient } from "./errors.js";
import { ioredisLink, isIoredis } from "./links/ioredis.js";
import { isNodeRedisV3, nodeRedisV3Link } from "./links/node-redis-v3.js";
import { isNodeRedis, nodeRedisLink } from "./links/node-redis.js";
import type { RedisLink } from "./links/types.js";

export type { LinkEvents, MessageHandler, RedisLink } from "./links/types.js";

export function createRedisLink(pub: unknown, sub: unknown): RedisLink {
  if (isNodeRedis(pub) && isNodeRedis(sub)) return nodeRedisLink(pub, sub);
  if (isNodeRedisV3(pub) && isNodeRedisV3(sub)) return nodeRedisV3Link(pub, sub);
  if (isIoredis(pub) && isIoredis(sub)) return ioredisLink(pub, sub);
  throw invalidClient("pubClient and subClient must both be node-redis (redis 3 to 6) or both ioredis clients");
}
