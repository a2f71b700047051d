// The ratchet's judgement, kept free of I/O so it can be tested: a suite holds when it passes at
// least its floor and no test on its passing list failed in every run.
import type { Outcomes } from "./results.js";

export interface Verdict {
  /** Tests that passed in at least one run. */
  readonly passed: number;
  readonly floor: number;
  /** Tests on the passing list that passed in no run. */
  readonly regressed: readonly string[];
  /** Tests not on the passing list that passed. */
  readonly newlyPassing: readonly string[];
  readonly holds: boolean;
}

export function judge(passingList: readonly string[], floor: number, runs: readonly Outcomes[]): Verdict {
  const passedSomewhere = new Set<string>();
  for (const run of runs) {
    for (const [key, status] of run) if (status === "passed") passedSomewhere.add(key);
  }
  const listed = new Set(passingList);
  const regressed = passingList.filter((key) => !passedSomewhere.has(key));
  const newlyPassing = [...passedSomewhere].filter((key) => !listed.has(key)).sort();
  const passed = passedSomewhere.size;
  return { passed, floor, regressed, newlyPassing, holds: passed >= floor && regressed.length === 0 };
}

/** The passing list to record after a run: every test that passed, in a stable order. */
export function passingFrom(run: Outcomes): string[] {
  return [...run]
    .filter(([, status]) => status === "passed")
    .map(([key]) => key)
    .sort();
}
