// Rewrites the root solution tsconfig.json from the packages present (ESM + CJS project each).
import { readdirSync, existsSync, writeFileSync } from "node:fs";

const references = readdirSync("packages")
  .filter((d) => existsSync(`packages/${d}/tsconfig.json`))
  .flatMap((d) => [{ path: `packages/${d}` }, { path: `packages/${d}/tsconfig.cjs.json` }]);
writeFileSync("tsconfig.json", JSON.stringify({ files: [], references }, null, 2) + "\n");
