// The contract of one end-to-end scenario: the figures it reports (with the goals, as ratios
// socketry / socket.io 4.8 and socketry / plain ws) and how one run against one fresh server process
// measures them.
import type { BenchConfig } from "../config.js";
import type { Implementation } from "../implementations.js";
import type { ServerProcess } from "../server-process.js";

export interface FigureSpec {
  key: string;
  label: string;
  /** "higher": throughput-like, goal is a minimum ratio; "lower": latency/memory, goal is a maximum ratio */
  better: "higher" | "lower";
  /** ratio to socket.io 4.8 the issue asks for; undefined for figures shown for context only */
  goal?: number;
  /** ratio to plain ws (the practical limit) the issue asks for: a minimum or a maximum as `goal` */
  wsGoal?: number;
  /**
   * For a figure that is itself a ratio of one server's own costs (e.g. the scale row's 15,000
   * against 5,000): the bound socketry's own value must meet. Such a figure has no ratio between
   * servers; each server's column shows its own value.
   */
  selfGoal?: number;
  /** digits after the decimal point in the table */
  digits: number;
  /** shown for context only: no ratio to the reference */
  context?: boolean;
}

/** Starts one server process of the implementation under test, pinned and profiled like the
 * runner's own (`tag` names its profile file); the runner stops every server it started after the run. */
export type StartServer = (flags: string[], tag: string) => Promise<ServerProcess>;

interface ScenarioInfo {
  name: string;
  title: string;
  /** servers the scenario does not apply to, with the reason shown in the report */
  notApplicable?: Partial<Record<Implementation, string>>;
  /** file descriptors the load generator needs (checked against `ulimit -n`) */
  descriptors(config: BenchConfig): number;
  /** Node/V8 options every server of the scenario runs with (after the run's --server-node-args) */
  serverNodeArgs?: readonly string[];
  /** how long one run may take, if longer than the runner's default (3 minutes) */
  timeoutMs?(config: BenchConfig): number;
  /** why the scenario cannot run on this machine (e.g. too old a redis-server), checked before its rounds */
  unavailable?(): string | undefined;
  figures: FigureSpec[];
}

/** The runner starts one server with `serverFlags` and hands it to `run`. */
export interface SingleServerScenario extends ScenarioInfo {
  /** extra arguments for server.ts (see handlers.ts) */
  serverFlags: string[];
  run(server: ServerProcess, config: BenchConfig): Promise<Record<string, number>>;
}

/** The scenario starts its own servers through `start` (several nodes, each with its own flags). */
export interface MultiServerScenario extends ScenarioInfo {
  runNodes(start: StartServer, config: BenchConfig): Promise<Record<string, number>>;
}

export type Scenario = SingleServerScenario | MultiServerScenario;
