// What the machine offers the bench: CPU pinning with taskset (util-linux), the file-descriptor
// limit, and the load average to report next to the figures.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";

export interface Pinning {
  /** core for the server processes, undefined when running unpinned */
  serverCore: number | undefined;
  /** core the load generator (this process) runs on */
  generatorCore: number | undefined;
  note: string;
}

/** Pins this process (all its threads) to core 1 and reserves core 0 for the servers. */
export function pinGenerator(): Pinning {
  if (availableParallelism() < 2)
    return { serverCore: undefined, generatorCore: undefined, note: "unpinned: fewer than 2 cores" };
  try {
    execFileSync("taskset", ["-a", "-cp", "1", String(process.pid)], { stdio: "ignore" });
    return { serverCore: 0, generatorCore: 1, note: "servers on core 0, load generator on core 1 (taskset)" };
  } catch {
    return {
      serverCore: undefined,
      generatorCore: undefined,
      note: "UNPINNED: taskset (util-linux) is missing or failed",
    };
  }
}

/**
 * The soft `ulimit -n` of this process, or Infinity if it cannot be read. Node raises its own soft
 * limit to the hard one at startup; the `sh` child, like every server child, inherits that.
 */
export function descriptorLimit(): number {
  try {
    const out = execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
    return out === "unlimited" ? Number.POSITIVE_INFINITY : Number(out);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The soft open-files limit of another process (`/proc/<pid>/limits`), or undefined if unreadable. */
export function openFilesLimit(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
    if (soft === undefined) return undefined;
    return soft === "unlimited" ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return undefined;
  }
}

/** The commit under test and how many files under packages/ differ from it (read-only git queries). */
export function revision(): { commit: string; modifiedUnderPackages: number } {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const status = execFileSync("git", ["status", "--porcelain", "--", "packages"], {
      encoding: "utf8",
      cwd: repositoryRoot(),
    });
    return { commit, modifiedUnderPackages: status.split("\n").filter((line) => line.trim() !== "").length };
  } catch {
    return { commit: "unknown", modifiedUnderPackages: -1 };
  }
}

function repositoryRoot(): string {
  return execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
}

export function machine(): { cpu: string; cores: number; node: string; load: number[] } {
  // cpus() lists every core even after this process is pinned (availableParallelism() would say 1)
  return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, load: loadavg() };
}
