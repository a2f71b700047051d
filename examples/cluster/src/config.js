// The cluster's settings, read once from the environment over one defaults literal.
const DEFAULTS = { port: 3001, host: "127.0.0.1", workers: 2, redisUrl: "redis://127.0.0.1:6379", adapter: "pubsub" };
/** pubsub: @socketry/redis-adapter (Redis Pub/Sub); streams: @socketry/redis-streams-adapter, with recovery. */
export const ADAPTERS = ["pubsub", "streams"];

/** Reads PORT, HOST, WORKERS, REDIS_URL and ADAPTER; throws a TypeError on a value that cannot work. */
export function readConfig(env = process.env) {
  const config = {
    port: env.PORT === undefined ? DEFAULTS.port : Number(env.PORT),
    host: env.HOST || DEFAULTS.host,
    workers: env.WORKERS === undefined ? DEFAULTS.workers : Number(env.WORKERS),
    redisUrl: env.REDIS_URL || DEFAULTS.redisUrl,
    adapter: env.ADAPTER || DEFAULTS.adapter,
  };
  // The primary owns the listening socket and sticky routing needs a known address: no PORT=0.
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new TypeError(`PORT must be an integer from 1 to 65535, not ${JSON.stringify(env.PORT)}`);
  }
  if (!Number.isInteger(config.workers) || config.workers < 1) {
    throw new TypeError(`WORKERS must be a positive integer, not ${JSON.stringify(env.WORKERS)}`);
  }
  if (!ADAPTERS.includes(config.adapter)) {
    throw new TypeError(`ADAPTER must be one of ${ADAPTERS.join(", ")}, not ${JSON.stringify(env.ADAPTER)}`);
  }
  return config;
}
