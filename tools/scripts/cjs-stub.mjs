// Marks each package's dist/cjs as CommonJS: the packages are "type": "module", so without
// this stub Node would load the CommonJS output as ESM. Arguments: package dirs (default: all).
import { readdirSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dirs = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync("packages").map((d) => join("packages", d));
for (const dir of dirs) {
  const cjs = join(dir, "dist", "cjs");
  if (existsSync(cjs)) writeFileSync(join(cjs, "package.json"), '{ "type": "commonjs" }\n');
}
