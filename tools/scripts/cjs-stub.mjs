// Marks each package's dist/cjs as CommonJS: the packages are "type": "module", so without
// this stub Node would load the CommonJS output as ESM. Node resolves "#" subpath imports from
// the nearest package.json, so the stub also carries the package's "imports" map, with each
// "require" target made relative to dist/cjs. Arguments: package dirs (default: all).
import { readdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dirs = process.argv.length > 2 ? process.argv.slice(2) : readdirSync("packages").map((d) => join("packages", d));
for (const dir of dirs) {
  const cjs = join(dir, "dist", "cjs");
  if (!existsSync(cjs)) continue;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const stub = { type: "commonjs" };
  for (const [key, target] of Object.entries(pkg.imports ?? {})) {
    const path = typeof target === "string" ? target : target.require;
    if (typeof path !== "string" || !path.startsWith("./dist/cjs/")) continue;
    (stub.imports ??= {})[key] = "./" + path.slice("./dist/cjs/".length);
  }
  writeFileSync(join(cjs, "package.json"), JSON.stringify(stub) + "\n");
}
