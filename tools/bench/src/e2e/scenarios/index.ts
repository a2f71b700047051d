// Every scenario in the order of issue 6's table, with issue 18's new rows beside their kin.
import type { Scenario } from "./scenario.js";
import { connectStorm } from "./connect-storm.js";
import { echo } from "./echo.js";
import { broadcast, broadcastMany } from "./broadcast.js";
import { idleMemory, idleMemoryRecovery, idleMemoryReleased } from "./idle-memory.js";
import { pollingEcho } from "./polling-echo.js";
import { binaryEcho } from "./binary-echo.js";
import { scale } from "./scale.js";
import { redisBroadcast, redisShardedBroadcast, redisStreamsBroadcast } from "./redis-broadcast.js";

export const SCENARIOS: Scenario[] = [
  connectStorm,
  echo,
  broadcast,
  broadcastMany,
  idleMemory,
  idleMemoryRecovery,
  idleMemoryReleased,
  scale,
  pollingEcho,
  binaryEcho,
  redisBroadcast,
  redisShardedBroadcast,
  redisStreamsBroadcast,
];
export type { Scenario, FigureSpec, StartServer } from "./scenario.js";
