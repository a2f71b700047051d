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
  /** **socketry**: ms between two probes of this node's own subscription. */
  heartbeatInterval: number;
  /** **socketry**: the subscription counts as lost when no probe came back for this long. */
  heartbeatTimeout: number;
}

export const SHARDED_ADAPTER_DEFAULTS: Readonly<ShardedRedisAdapterOptions> = Object.freeze({
  channelPrefix: "socket.io",
  subscriptionMode: "dynamic",
  requestsTimeout: 5000,
  heartbeatInterval: 5000,
  heartbeatTimeout: 10000,
});

const MODES: readonly string[] = ["static", "dynamic", "dynamic-private"];

export function resolveShardedOptions(
  given: Partial<ShardedRedisAdapterOptions> | undefined,
): Readonly<ShardedRedisAdapterOptions> {
  const options: ShardedRedisAdapterOptions = { ...SHARDED_ADAPTER_DEFAULTS };
  for (const [name, value] of Object.entries(given ?? {})) {
    if (value !== undefined && name in options) (options as unknown as Record<string, unknown>)[name] = value;
  }
  if (typeof options.channelPrefix !== "string") throw invalidOption("channelPrefix", "a string");
  if (!MODES.includes(options.subscriptionMode)) throw invalidOption("subscriptionMode", `one of ${MODES.join(", ")}`);
  for (const name of ["requestsTimeout", "heartbeatInterval", "heartbeatTimeout"] as const) {
    const value = options[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw invalidOption(name, "a positive number");
  }
  if (options.heartbeatTimeout <= options.heartbeatInterval)
    throw invalidOption("heartbeatTimeout", "greater than heartbeatInterval");
  return Object.freeze(options);
}
