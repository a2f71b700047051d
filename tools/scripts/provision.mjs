// `pretest`: makes sure the system programs the test suites talk to are on this machine.
// The adapter suites start a real redis-server, the browser tests drive Debian's chromium, the
// TLS tests make certificates with openssl. On Debian/Ubuntu as root the missing ones are
// installed with apt-get; anywhere else it stops with one line naming the install command.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Program the tests run -> the Debian package that ships it. */
const NEEDED = [
  { program: "redis-server", pkg: "redis-server" },
  { program: "redis-cli", pkg: "redis-tools" },
  { program: "chromium", pkg: "chromium" },
  { program: "openssl", pkg: "openssl" },
];

function onPath(program) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

const missing = NEEDED.filter(({ program }) => !onPath(program));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map(({ pkg }) => pkg))];
const installLine = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(" ")}`;
const programs = missing.map(({ program }) => program).join(", ");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

if (!isRoot || !onPath("apt-get")) {
  const prefix = isRoot ? "" : "sudo sh -c ";
  const command = isRoot ? installLine : `${prefix}'${installLine}'`;
  console.error(`pretest: the tests need ${programs}; install them with: ${command}`);
  process.exit(1);
}

console.log(`pretest: installing ${packages.join(" ")} with apt-get (the tests need ${programs})`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [
  ["update", "-qq"],
  ["install", "-y", "-qq", "--no-install-recommends", ...packages],
]) {
  const run = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (run.status !== 0) {
    console.error(`pretest: 'apt-get ${args.join(" ")}' failed (exit ${run.status}); run: ${installLine}`);
    process.exit(1);
  }
}
const still = NEEDED.filter(({ program }) => !onPath(program)).map(({ program }) => program);
if (still.length > 0) {
  console.error(`pretest: still missing after apt-get: ${still.join(", ")}`);
  process.exit(1);
}
