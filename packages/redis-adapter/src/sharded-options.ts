// Options of the sharded adapter (createShardedAdapter): the official ones, plus requestsTimeout.
import { invalidOption } from "./errors.js";

export type SubscriptionMode = "static" | "dynamic" | "dynamic-private";

export interface ShardedRedisAdapterOptions {
  /** Prefix of every channel name. */
  channelPrefix: string;
  /**
   * `static`: one channel per namespace. `dynamic`: also one channel per public room, so a node
   * only receives the room broadcasts it has members for. `dynamic-private`: per-room channels
   * for the sockets' own rooms too.
   */
  subscriptionMode: SubscriptionMode;
  /** **socketry**: ms a cluster request (fetchSockets, serverSideEmit with ack) waits for answers. */
  requestsTimeout: number;
}

export const SHARDED_ADAPTER_DEFAULTS: Readonly<ShardedRedisAdapterOptions> = Object.freeze({
  channelPrefix: "socket.io",
  subscriptionMode: "dynamic",
  requestsTimeout: 5000,
});

const MODES: readonly string[] = ["static", "dynamic", "dynamic-private"];

export function resolveShardedOptions(given: Partial<ShardedRedisAdapterOptions> | undefined): Readonly<ShardedRedisAdapterOptions> {
  const options: ShardedRedisAdapterOptions = { ...SHARDED_ADAPTER_DEFAULTS };
  for (const [name, value] of Object.entries(given ?? {})) {
    if (value !== undefined && name in options) (options as unknown as Record<string, unknown>)[name] = value;
  }
  if (typeof options.channelPrefix !== "string") throw invalidOption("channelPrefix", "a string");
  if (!MODES.includes(options.subscriptionMode)) throw invalidOption("subscriptionMode", `one of ${MODES.join(", ")}`);
  const timeout = options.requestsTimeout;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0) throw invalidOption("requestsTimeout", "a positive number");
  return Object.freeze(options);
}
