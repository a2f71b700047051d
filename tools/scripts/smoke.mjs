// Loads every built package both ways (require and import) and checks that the two module
// systems expose the same, non-empty set of named exports. Run after `pnpm build`.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

let failures = 0;
for (const dir of readdirSync("packages")) {
  const pkgFile = resolve("packages", dir, "package.json");
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  const require = createRequire(pkgFile);
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target !== "object") continue;
    const name = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const cjs = require(join(resolve("packages", dir), target.require.default));
    const esm = await import(pathToFileURL(join(resolve("packages", dir), target.import.default)).href);
    const cjsKeys = Object.keys(cjs)
      .filter((k) => k !== "__esModule")
      .sort();
    const esmKeys = Object.keys(esm)
      .filter((k) => k !== "module.exports")
      .sort();
    const same = cjsKeys.join() === esmKeys.join();
    const ok = same && esmKeys.length > 0;
    if (!ok) failures++;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${name}: ${esmKeys.length} exports${same ? "" : ` (cjs: ${cjsKeys.join(",")} / esm: ${esmKeys.join(",")})`}`,
    );
  }
}
if (failures) {
  console.error(`${failures} entry point(s) failed the require/import smoke check`);
  process.exit(1);
}
