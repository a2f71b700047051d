// floor.json (per suite: tests passing, tests in the suite) and passing/<suite>.txt (their keys,
// one a line) are the ratchet's memory; both change only through `pnpm conformance:floor`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const GATE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = join(GATE_DIR, "..", "..");

export interface FloorEntry {
  /** Tests that must keep passing. */
  readonly passed: number;
  /** Tests the suite holds (passed, failed, skipped, not run). */
  readonly total: number;
}

export type Floors = Record<string, FloorEntry>;

export function readFloors(dir = GATE_DIR): Floors {
  const file = join(dir, "floor.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Floors) : {};
}

export function writeFloors(floors: Floors, dir = GATE_DIR): void {
  const sorted = Object.fromEntries(Object.entries(floors).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(dir, "floor.json"), `${JSON.stringify(sorted, null, 2)}\n`);
}

function passingFile(suite: string, dir: string): string {
  return join(dir, "passing", `${suite}.txt`);
}

export function readPassingList(suite: string, dir = GATE_DIR): string[] {
  const file = passingFile(suite, dir);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0);
}

export function writePassingList(suite: string, keys: readonly string[], dir = GATE_DIR): void {
  mkdirSync(join(dir, "passing"), { recursive: true });
  writeFileSync(passingFile(suite, dir), keys.length ? `${keys.join("\n")}\n` : "");
}
