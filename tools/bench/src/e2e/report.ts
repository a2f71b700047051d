// Turns the rounds of every scenario into the Markdown table (one row per figure, one column per
// server, the ratio socketry / socket.io 4.8 and the issue's goal, with the plain-ws column also the
// ratio socketry / plain ws and its goal) and the JSON record.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LABELS, REFERENCE, type Implementation } from "./implementations.js";
import type { FigureSpec, Scenario } from "./scenarios/index.js";
import { median } from "./stats.js";

export interface ScenarioOutcome {
  scenario: Scenario;
  /** per implementation, one record of figures per round */
  rounds: Partial<Record<Implementation, Array<Record<string, number>>>>;
  /** why the whole scenario did not run (e.g. too few file descriptors) */
  skipped?: string;
  /** per implementation, the error that ended one of its rounds */
  errors: Partial<Record<Implementation, string>>;
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "results");

function cell(outcome: ScenarioOutcome, implementation: Implementation, key: string, digits: number): string {
  if (outcome.scenario.notApplicable?.[implementation] !== undefined) return "n/a";
  if (outcome.errors[implementation] !== undefined) return "failed";
  return format(figureValue(outcome, implementation, key), digits);
}

function format(value: number, digits: number): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "≥ 1.5×" for a ratio between servers; `unit` "" for a bound on a server's own value. */
function goalText(figure: FigureSpec, goal: number | undefined, unit = "×"): string {
  if (goal === undefined) return "";
  return `${figure.better === "higher" ? "≥" : "≤"} ${goal}${unit}`;
}

/** met / not met: `ratio` against `goal`, a minimum for "higher" figures and a maximum for "lower" ones. */
function verdict(figure: FigureSpec, goal: number | undefined, ratio: number): string {
  if (goal === undefined || !Number.isFinite(ratio)) return "";
  const met = figure.better === "higher" ? ratio >= goal : ratio <= goal;
  return met ? "met" : "not met";
}

/** The figure over the rounds: their median (the mean for two rounds). */
export function figureValue(outcome: ScenarioOutcome, implementation: Implementation, key: string): number {
  const rounds = outcome.rounds[implementation] ?? [];
  return median(rounds.map((r) => r[key]).filter((v): v is number => v !== undefined));
}

/** socketry / reference within each round (the servers of a round ran back to back), in round order. */
export function roundRatios(outcome: ScenarioOutcome, key: string): number[] {
  const ours = outcome.rounds.socketry ?? [];
  const theirs = outcome.rounds[REFERENCE] ?? [];
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
    const ratio = (ours[i]![key] ?? Number.NaN) / (theirs[i]![key] ?? Number.NaN);
    if (Number.isFinite(ratio)) ratios.push(ratio);
  }
  return ratios;
}

/** "1.21–1.52×": how far the per-round ratios spread (empty with fewer than two rounds). */
function spreadText(outcome: ScenarioOutcome, figure: FigureSpec): string {
  const ratios = roundRatios(outcome, figure.key);
  if (ratios.length < 2 || figure.context === true) return "";
  return `${format(Math.min(...ratios), 2)}–${format(Math.max(...ratios), 2)}×`;
}

/** socketry's own value per round: the spread of a figure that is compared with no other server. */
function ownValues(outcome: ScenarioOutcome, key: string): number[] {
  return (outcome.rounds.socketry ?? []).map((r) => r[key]).filter((v): v is number => v !== undefined);
}

function figureRow(
  outcome: ScenarioOutcome,
  figure: FigureSpec,
  implementations: Implementation[],
  withLimit: boolean,
  withSpread: boolean,
): string {
  const values = implementations.map((i) => cell(outcome, i, figure.key, figure.digits));
  const start = `| ${outcome.scenario.title} | ${figure.label} | ${values.join(" | ")} |`;
  const ours = figureValue(outcome, "socketry", figure.key);
  if (figure.selfGoal !== undefined) {
    // No ratio between servers: the goal bounds socketry's own value, its rounds give the spread.
    const own = ownValues(outcome, figure.key);
    const spread = own.length < 2 ? "" : `${format(Math.min(...own), 2)}–${format(Math.max(...own), 2)}`;
    const goal = `${goalText(figure, figure.selfGoal, "")} (socketry's own)`;
    return `${start}  |${withSpread ? ` ${spread} |` : ""} ${goal} | ${verdict(figure, figure.selfGoal, ours)} |${withLimit ? "  |" : ""}`;
  }
  const ratio = ours / figureValue(outcome, REFERENCE, figure.key);
  const toLimit = ours / figureValue(outcome, "ws", figure.key);
  // Three digits when two would round onto the goal and hide which side of it the ratio is.
  const ratioText = (r: number, goal: number | undefined): string => {
    if (figure.context === true) return "";
    const nearGoal = goal !== undefined && Math.abs(r - goal) < 0.005;
    return `${format(r, nearGoal ? 3 : 2)}×`;
  };
  // The goal against plain ws sits in its own ratio's cell: "0.91× (≥ 0.95×: not met)".
  const limitGoal =
    figure.wsGoal === undefined || !Number.isFinite(toLimit)
      ? ""
      : ` (${goalText(figure, figure.wsGoal)}: ${verdict(figure, figure.wsGoal, toLimit)})`;
  const limitCell = withLimit ? ` ${ratioText(toLimit, figure.wsGoal)}${limitGoal} |` : "";
  return `${start} ${ratioText(ratio, figure.goal)} |${withSpread ? ` ${spreadText(outcome, figure)} |` : ""} ${goalText(figure, figure.goal)} | ${verdict(figure, figure.goal, ratio)} |${limitCell}`;
}

export function markdownTable(outcomes: ScenarioOutcome[], implementations: Implementation[], rounds: number): string {
  const withLimit = implementations.includes("ws");
  const withSpread = rounds > 1;
  const head = [
    "scenario",
    "figure",
    ...implementations.map((i) => LABELS[i]),
    `socketry / ${LABELS[REFERENCE]}`,
    ...(withSpread ? ["per round"] : []),
    "goal",
    "",
    ...(withLimit ? ["socketry / plain ws"] : []),
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`];
  for (const outcome of outcomes) {
    if (outcome.skipped !== undefined) {
      lines.push(`| ${outcome.scenario.title} | skipped: ${outcome.skipped} |${" |".repeat(head.length - 2)}`);
      continue;
    }
    for (const figure of outcome.scenario.figures)
      lines.push(figureRow(outcome, figure, implementations, withLimit, withSpread));
  }
  const failures = outcomes.flatMap((o) =>
    Object.entries(o.errors).map(([impl, error]) => `- ${o.scenario.name} / ${impl}: ${error}`),
  );
  if (failures.length > 0) lines.push("", "Failed runs (their figures are left out of the medians):", ...failures);
  const notes = outcomes.flatMap((o) =>
    Object.entries(o.scenario.notApplicable ?? {})
      .filter(([impl]) => implementations.includes(impl as Implementation))
      .map(([impl, why]) => `- n/a: ${o.scenario.name} / ${impl}: ${why}`),
  );
  if (notes.length > 0) lines.push("", ...notes);
  const limitGoals = outcomes.some((o) => o.scenario.figures.some((f) => f.wsGoal !== undefined));
  if (limitGoals && !withLimit)
    lines.push("", "Goals against plain ws are not checked in this run: they need the plain-ws column (--ws).");
  return lines.join("\n");
}

export function writeJson(record: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `e2e-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function jsonOutcomes(outcomes: ScenarioOutcome[], implementations: Implementation[]): object[] {
  return outcomes.map((outcome) => ({
    scenario: outcome.scenario.name,
    title: outcome.scenario.title,
    skipped: outcome.skipped ?? null,
    errors: outcome.errors,
    figures: outcome.scenario.figures.map((figure) => {
      const values = Object.fromEntries(implementations.map((i) => [i, figureValue(outcome, i, figure.key)]));
      const ratio = figureValue(outcome, "socketry", figure.key) / figureValue(outcome, REFERENCE, figure.key);
      const toLimit = figureValue(outcome, "socketry", figure.key) / figureValue(outcome, "ws", figure.key);
      return {
        key: figure.key,
        label: figure.label,
        better: figure.better,
        goal: figure.goal ?? null,
        wsGoal: figure.wsGoal ?? null,
        values,
        ratio,
        roundRatios: roundRatios(outcome, figure.key),
        selfGoal: figure.selfGoal ?? null,
        verdict:
          (figure.selfGoal === undefined
            ? verdict(figure, figure.goal, ratio)
            : verdict(figure, figure.selfGoal, figureValue(outcome, "socketry", figure.key))) || null,
        ratioToPlainWs: Number.isFinite(toLimit) ? toLimit : null,
        wsVerdict: verdict(figure, figure.wsGoal, toLimit) || null,
      };
    }),
    rounds: outcome.rounds,
  }));
}
