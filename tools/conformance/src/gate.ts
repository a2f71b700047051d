// `pnpm conformance` (gate) and `pnpm conformance:floor` (--update): runs the official suites in
// ../shared/conformance against the built packages and holds each to its floor.
//
//   gate:   a suite below its floor, or with a listed test failing, runs once more; a listed test
//           that fails in both runs is a regression, named here, and the exit code is 1.
//   update: records what passes now as the new floor (never lower, unless --allow-lower) and
//           regenerates the README's table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFloors, readPassingList, REPO_ROOT, writeFloors, writePassingList, type Floors } from "./floor.js";
import { judge, passingFrom, type Verdict } from "./ratchet.js";
import { withTable } from "./readme-table.js";
import { readOutcomes, resultFileFromLog, type Outcomes } from "./results.js";
import { findSuite, SUITES, type Suite } from "./suites.js";

const args = process.argv.slice(2);
const update = args.includes("--update");
const allowLower = args.includes("--allow-lower");
const chosen = args.filter((a) => !a.startsWith("--"));
const suites = chosen.length ? chosen.map(findSuite) : SUITES;

const kit = process.env.CONFORMANCE_KIT ?? join(REPO_ROOT, "..", "shared", "conformance");
const runScript = join(kit, "run");
if (!existsSync(runScript)) {
  console.log(`conformance: skipped, no official suites at ${kit} (they come with the socketry workplace)`);
  process.exit(0);
}
if (args.includes("--build")) {
  // the suites load the built packages (dist/), not the sources
  const build = spawnSync("pnpm", ["build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) {
    console.log("conformance: pnpm build failed");
    process.exit(1);
  }
}
const work = process.env.CONFORMANCE_WORK ?? join(process.env.TMPDIR ?? "/tmp", "socketry-conformance");

/** One run of one suite; an empty map when the runner left no result (its log says why). */
function runOnce(suite: Suite): Outcomes {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, ...suite.env, CONFORMANCE_WORK: work };
  if (suite.implMap) env.IMPL_MAP = writeImplMap(suite);
  const run = spawnSync("bash", [runScript, suite.runs], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const log = join(work, `${suite.runs}.log`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const resultFile = existsSync(log) ? resultFileFromLog(readFileSync(log, "utf8")) : undefined;
  if (!resultFile || !existsSync(resultFile)) {
    console.log(`${suite.name}: the runner left no result (exit ${run.status}, ${seconds} s); see ${log}`);
    return new Map();
  }
  console.log(`${suite.name}: ran in ${seconds} s, log ${log}`);
  return readOutcomes(resultFile);
}

function writeImplMap(suite: Suite): string {
  const absolute = Object.fromEntries(
    Object.entries(suite.implMap ?? {}).map(([rel, ours]) => [rel, join(REPO_ROOT, ours)]),
  );
  const file = join(work, `${suite.name}.impl-map.json`);
  mkdirSync(work, { recursive: true });
  writeFileSync(file, JSON.stringify(absolute));
  return file;
}

function report(suite: Suite, verdict: Verdict): void {
  const state = verdict.holds ? "holds" : "FAILS";
  const extra = verdict.newlyPassing.length
    ? `; ${verdict.newlyPassing.length} newly passing (raise it: pnpm conformance:floor ${suite.name})`
    : "";
  console.log(`${suite.name.padEnd(15)} ${state}: ${verdict.passed} passing, floor ${verdict.floor}${extra}`);
  for (const title of verdict.regressed) console.log(`  regressed (failed twice): ${title}`);
}

function gate(): number {
  const floors = readFloors();
  let failing = 0;
  for (const suite of suites) {
    const floor = floors[suite.name]?.passed ?? 0;
    const listed = readPassingList(suite.name);
    const runs = [runOnce(suite)];
    let verdict = judge(listed, floor, runs);
    if (!verdict.holds) {
      console.log(`${suite.name}: below its floor or a listed test failed; running it once more`);
      // named, so that a flaky test shows in the CI log even when the second run passes it
      for (const title of verdict.regressed) console.log(`  failed in the first run: ${title}`);
      runs.push(runOnce(suite));
      verdict = judge(listed, floor, runs);
    }
    report(suite, verdict);
    if (!verdict.holds) failing++;
  }
  console.log(`conformance gate: ${suites.length - failing} of ${suites.length} suites hold their floor`);
  return failing ? 1 : 0;
}

function raiseFloors(): number {
  const floors: Floors = { ...readFloors() };
  let refused = 0;
  for (const suite of suites) {
    const outcomes = runOnce(suite);
    const passing = passingFrom(outcomes);
    const old = floors[suite.name]?.passed ?? 0;
    if (passing.length < old && !allowLower) {
      console.log(
        `${suite.name}: ${passing.length} passing is below the floor ${old}; not lowered (--allow-lower to force)`,
      );
      refused++;
      continue;
    }
    floors[suite.name] = { passed: passing.length, total: outcomes.size };
    writePassingList(suite.name, passing);
    console.log(`${suite.name}: floor ${old} -> ${passing.length} of ${outcomes.size}`);
  }
  writeFloors(floors);
  const readmeFile = join(REPO_ROOT, "README.md");
  writeFileSync(readmeFile, withTable(readFileSync(readmeFile, "utf8"), floors));
  return refused ? 1 : 0;
}

process.exit(update ? raiseFloors() : gate());
