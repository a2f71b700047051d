// Reads the JSON result a conformance run writes (one entry per test) into a map from a stable
// test key to its status. The parts write an array (or { tests }); socket.io writes { tests }.
import { readFileSync } from "node:fs";

export type Status = "passed" | "failed" | "skipped" | "not-run";

export type Outcomes = Map<string, Status>;

interface RawTest {
  title?: unknown;
  status?: unknown;
}

function normalise(status: unknown): Status {
  if (status === "passed" || status === "skipped") return status;
  if (status === "pending") return "skipped";
  if (status === "failed") return "failed";
  return "not-run";
}

/**
 * Titles repeat in some suites (the same `it` title in two describe blocks with the same name):
 * the second and later ones get " [#n]" so every test has its own key, in file order.
 */
export function toOutcomes(tests: readonly RawTest[]): Outcomes {
  const outcomes: Outcomes = new Map();
  const seen = new Map<string, number>();
  for (const test of tests) {
    const title = String(test.title ?? "");
    const count = (seen.get(title) ?? 0) + 1;
    seen.set(title, count);
    outcomes.set(count === 1 ? title : `${title} [#${count}]`, normalise(test.status));
  }
  return outcomes;
}

export function readOutcomes(file: string): Outcomes {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const tests = Array.isArray(parsed) ? parsed : (parsed as { tests?: unknown }).tests;
  if (!Array.isArray(tests)) throw new Error(`${file}: no list of tests in the result`);
  return toOutcomes(tests as RawTest[]);
}

/** The result file a suite's log names last ("results: /path/to/file.json"). */
export function resultFileFromLog(log: string): string | undefined {
  const matches = [...log.matchAll(/results: (\S+\.json)/g)];
  return matches.at(-1)?.[1];
}
