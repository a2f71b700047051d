// End-to-end bench: socketry against the official socket.io 4.8.4 (and 3.1.2 for reference), each
// scenario on a fresh server process per implementation, in alternating order (A B, then B A),
// servers pinned to core 0 and this process (the load generator) to core 1.
// Usage: pnpm --filter @socketry/bench run bench:e2e [--quick] [--rounds=N] [--dist] [--v3|--no-v3] [scenario…]
//   --quick   one round per scenario, short windows (two to three minutes); default: two rounds (about 8 minutes)
//   --rounds=N  N rounds per scenario instead (1–10); each figure is the median of the rounds, and
//               with two or more the table shows how far the per-round ratios spread
//   --dist    socketry from dist/ (run `pnpm build` first) instead of its TypeScript sources
//   --v3, --no-v3   with or without the socket.io 3.1.2 reference column (default: only in full mode)
//   --ws, --no-ws   with or without the plain-ws column, the practical limit (default: only in full mode)
//   --profile  each server writes a V8 CPU profile of the measured window to
//              results/profiles/<scenario>-<server>-r<round>.cpuprofile (Chrome DevTools, or bench:e2e:profile-summary),
//              and the idle-memory servers a heap snapshot with every client connected (.heapsnapshot);
//              profiling slows the servers, so the figures of such a run are not comparable
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CONFIGS, type Mode } from "./config.js";
import { IMPLEMENTATIONS, LABELS, type Implementation } from "./implementations.js";
import { jsonOutcomes, markdownTable, RESULTS_DIR, writeJson, type ScenarioOutcome } from "./report.js";
import { SCENARIOS, type StartServer } from "./scenarios/index.js";
import { ServerProcess } from "./server-process.js";
import { descriptorLimit, machine, pinGenerator, revision } from "./system.js";
import { withTimeout } from "./timeout.js";

const RUN_TIMEOUT_MS = 180_000;
/** descriptors the generator needs beyond its client sockets (stdio, IPC, node internals) */
const DESCRIPTOR_MARGIN = 200;

const args = process.argv.slice(2);
const mode: Mode = args.includes("--quick") ? "quick" : "full";
const fromDist = args.includes("--dist");
const profile = args.includes("--profile");
const PROFILES_DIR = join(RESULTS_DIR, "profiles");
// The reference columns (socket.io 3.1.2, plain ws) cost time: on in full mode, off in quick mode.
const column = (name: string): boolean =>
  args.includes(`--${name}`) || (mode === "full" && !args.includes(`--no-${name}`));
const implementations: Implementation[] = IMPLEMENTATIONS.filter((i) =>
  i === "socket.io-v3" ? column("v3") : i === "ws" ? column("ws") : true,
);
const FLAGS = [
  "--quick",
  "--dist",
  "--profile",
  "--v3",
  "--no-v3",
  "--ws",
  "--no-ws",
  "--rounds=N",
  "--server-node-args=…",
];
// Node/V8 options for every server child, the same for all (a diagnosis: `--max-semi-space-size=64`
// shows what V8's young-generation sizing costs a row); the table's header names them.
const nodeArgsFlag = args.find((a) => a.startsWith("--server-node-args="));
const serverNodeArgs = nodeArgsFlag?.slice("--server-node-args=".length).split(" ").filter(Boolean) ?? [];
const roundsFlag = args.find((a) => a.startsWith("--rounds="));
const rounds = roundsFlag === undefined ? CONFIGS[mode].rounds : Number(roundsFlag.slice("--rounds=".length));
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) {
  console.error(`--rounds takes an integer from 1 to 10, got ${roundsFlag}`);
  process.exit(2);
}
const badFlags = args.filter((a) => a.startsWith("--") && !FLAGS.includes(a) && a !== roundsFlag && a !== nodeArgsFlag);
if (badFlags.length > 0) {
  console.error(`unknown option ${badFlags.join(", ")}; known: ${FLAGS.join(" ")}`);
  process.exit(2);
}
const requested = args.filter((a) => !a.startsWith("--"));
const unknown = requested.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const scenarios = SCENARIOS.filter((s) => requested.length === 0 || requested.includes(s.name));
const config = { ...CONFIGS[mode], rounds };

const pinning = pinGenerator();
const fdLimit = descriptorLimit();
const startedAt = new Date();
const loadBefore = machine().load;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
log(
  `e2e bench, ${mode} mode, socketry from ${fromDist ? "dist (pnpm build first)" : "TypeScript sources"}; ${pinning.note}`,
);
if (profile)
  log(`PROFILING: servers write CPU profiles to ${PROFILES_DIR}; figures are not comparable to unprofiled runs`);
log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}; ulimit -n ${fdLimit}`);

const outcomes: ScenarioOutcome[] = [];
for (const [index, scenario] of scenarios.entries()) {
  const outcome: ScenarioOutcome = { scenario, rounds: {}, errors: {} };
  outcomes.push(outcome);
  const needed = scenario.descriptors(config) + DESCRIPTOR_MARGIN;
  if (needed > fdLimit) {
    outcome.skipped = `ulimit -n is ${fdLimit}, this scenario needs about ${needed} (raise it with ulimit -n)`;
    log(`[${scenario.name}] SKIPPED: ${outcome.skipped}`);
    continue;
  }
  const unavailable = scenario.unavailable?.();
  if (unavailable !== undefined) {
    outcome.skipped = unavailable;
    log(`[${scenario.name}] SKIPPED: ${outcome.skipped}`);
    continue;
  }
  for (let round = 0; round < config.rounds; round++) {
    // A B in one round, B A in the next; quick mode alternates from one scenario to the next.
    const order = (index + round) % 2 === 0 ? implementations : [...implementations].reverse();
    for (const implementation of order) {
      if (outcome.errors[implementation] !== undefined || scenario.notApplicable?.[implementation] !== undefined)
        continue;
      // Every server this run starts (one, or the nodes of a cluster scenario) is stopped after it.
      const started: ServerProcess[] = [];
      const start: StartServer = async (serverFlags, tag) => {
        const flags = [...serverFlags];
        if (profile) {
          mkdirSync(PROFILES_DIR, { recursive: true });
          const base = join(
            PROFILES_DIR,
            `${scenario.name}-${implementation}-r${round + 1}${tag === "" ? "" : `-${tag}`}`,
          );
          flags.push(`--profile-window=${base}.cpuprofile`, `--heap-snapshot=${base}.heapsnapshot`);
        }
        const server = await ServerProcess.start({
          implementation,
          flags,
          core: pinning.serverCore,
          fromDist,
          nodeOptions: [...serverNodeArgs, ...(scenario.serverNodeArgs ?? [])],
        });
        started.push(server);
        return server;
      };
      try {
        const running =
          "runNodes" in scenario
            ? scenario.runNodes(start, config)
            : start(scenario.serverFlags, "").then((server) => scenario.run(server, config));
        const figures = await withTimeout(
          running,
          scenario.timeoutMs?.(config) ?? RUN_TIMEOUT_MS,
          `${scenario.name} run`,
        );
        (outcome.rounds[implementation] ??= []).push(figures);
        const shown = [
          ...scenario.figures.map((f) => `${f.key}=${(figures[f.key] ?? Number.NaN).toFixed(f.digits)}`),
          // serverCores < 1: the server was not saturated (the generator or the protocol's round trips set the pace)
          ...["serverCores", "generatorCores", "kernelShare"]
            .filter((k) => figures[k] !== undefined && !scenario.figures.some((f) => f.key === k))
            .map((k) => `${k}=${figures[k]!.toFixed(2)}`),
        ].join(" ");
        log(`[${scenario.name}] round ${round + 1} ${LABELS[implementation]}: ${shown}`);
      } catch (error) {
        outcome.errors[implementation] = error instanceof Error ? error.message : String(error);
        log(
          `[${scenario.name}] round ${round + 1} ${LABELS[implementation]} FAILED: ${outcome.errors[implementation]}`,
        );
      } finally {
        await Promise.all(started.map((server) => server.stop()));
      }
    }
  }
}

const loadAfter = machine().load;
const info = machine();
const seconds = (Date.now() - startedAt.getTime()) / 1000;
console.log(
  `End-to-end bench, ${mode} mode (${config.rounds} round(s) per scenario, ${config.windowMs} ms windows), ${startedAt.toISOString()}, ${seconds.toFixed(0)} s`,
);
console.log(
  `Machine: ${info.cpu}, ${info.cores} cores, Node ${info.node}; ${pinning.note}; ulimit -n ${fdLimit}; load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after${serverNodeArgs.length > 0 ? `; every server ran with ${serverNodeArgs.join(" ")}` : ""}`,
);
const rev = revision();
console.log(
  `socketry at ${rev.commit} (${rev.modifiedUnderPackages} modified files under packages/) from ${fromDist ? "dist" : "its TypeScript sources (tsx)"}; ratio and goals against ${LABELS["socket.io"]} (goals against plain ws in its column); each figure is the median of the rounds (the mean of two).\n`,
);
if (implementations.includes("ws"))
  console.log(
    "plain ws: a minimal Engine.IO/Socket.IO subset on `ws` (src/e2e/plain-ws.ts), the practical limit, not a Socket.IO server.\n",
  );
console.log(markdownTable(outcomes, implementations, config.rounds));
const file = writeJson({
  date: startedAt.toISOString(),
  mode,
  seconds,
  command: `bench:e2e ${args.join(" ")}`.trim(),
  machine: { ...info, loadBefore, loadAfter, pinning: pinning.note, fdLimit },
  socketryFrom: fromDist ? "dist" : "source",
  revision: rev,
  profiled: profile,
  config,
  implementations,
  scenarios: jsonOutcomes(outcomes, implementations),
});
console.log(`\nJSON: ${file}`);
// Client sockets and agents may still be closing: end here. A failed run makes the exit code 1.
process.exit(outcomes.some((o) => Object.keys(o.errors).length > 0) ? 1 : 0);
