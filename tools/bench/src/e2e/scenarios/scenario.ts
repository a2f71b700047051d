// The contract of one end-to-end scenario: the figures it reports (with the goal, as a
// ratio socketry / socket.io 4.8) and how one run against one fresh server process measures them.
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
  /** digits after the decimal point in the table */
  digits: number;
  /** shown for context only: no ratio to the reference */
  context?: boolean;
}

export interface Scenario {
  name: string;
  title: string;
  /** extra arguments for server.ts (see handlers.ts) */
  serverFlags: string[];
  /** servers the scenario does not apply to, with the reason shown in the report */
  notApplicable?: Partial<Record<Implementation, string>>;
  /** file descriptors the load generator needs (checked against `ulimit -n`) */
  descriptors(config: BenchConfig): number;
  figures: FigureSpec[];
  run(server: ServerProcess, config: BenchConfig): Promise<Record<string, number>>;
}
