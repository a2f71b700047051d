// Every tunable of the end-to-end bench in one literal per mode: client counts follow the issue's
// table in both modes; quick mode shortens the measured windows and runs one round per scenario.
export type Mode = "quick" | "full";

export interface BenchConfig {
  /** rounds per scenario; round r runs the servers in order A B (r even) or B A (r odd) */
  rounds: number;
  /** warm-up time before each measured window, ms */
  warmupMs: number;
  /** measured window of the throughput scenarios, ms */
  windowMs: number;
  connectStorm: { clients: number; inFlight: number };
  echo: { clients: number; inFlight: number };
  broadcast: { clients: number; inFlight: number };
  /** the same fan-out with several broadcasts outstanding (see scenarios/broadcast.ts for the count) */
  broadcastMany: { clients: number; inFlight: number };
  idleMemory: { clients: number; inFlight: number };
  pollingEcho: { clients: number; inFlight: number };
  binaryEcho: { clients: number; inFlight: number; bytes: number };
  /**
   * idle ws clients connected in two steps on one server (`first`, then up to `clients`); the idle
   * CPU is measured over `idleWindowMs` at each step, one whole default pingInterval (25 s)
   */
  scale: { first: number; clients: number; inFlight: number; idleWindowMs: number };
  /** clients on node B; `inFlight` broadcasts outstanding at a time (the Redis hop lengthens each one) */
  redisBroadcast: { clients: number; inFlight: number };
}

const shared = {
  connectStorm: { clients: 2000, inFlight: 250 },
  echo: { clients: 100, inFlight: 10 },
  broadcast: { clients: 1000, inFlight: 1 },
  broadcastMany: { clients: 1000, inFlight: 8 },
  idleMemory: { clients: 5000, inFlight: 100 },
  pollingEcho: { clients: 100, inFlight: 10 },
  binaryEcho: { clients: 10, inFlight: 4, bytes: 64 * 1024 },
  redisBroadcast: { clients: 500, inFlight: 8 },
  // Not shortened in quick mode: a window shorter than the ping interval sees some sessions'
  // heartbeats and not others', depending on when each connected.
  scale: { first: 5000, clients: 15_000, inFlight: 100, idleWindowMs: 25_000 },
} as const;

export const CONFIGS: Readonly<Record<Mode, Readonly<BenchConfig>>> = {
  quick: { rounds: 1, warmupMs: 400, windowMs: 1500, ...shared },
  full: { rounds: 2, warmupMs: 1000, windowMs: 4000, ...shared },
};

/** Hard ceiling for any single wait in the bench (connect, handshake, drain). */
export const STEP_TIMEOUT_MS = 30_000;
