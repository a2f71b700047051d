// Scaffolds packages/<dir> with the shared build layout (ESM + CJS + .d.ts, exports map).
// Usage: node tools/scripts/new-package.mjs <dir> <npm-name> "<description>" [dep-dir ...]
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [dir, name, description, ...deps] = process.argv.slice(2);
if (!dir || !name) throw new Error("usage: new-package.mjs <dir> <npm-name> <description> [dep-dir ...]");
const root = join("packages", dir);
if (existsSync(join(root, "package.json"))) throw new Error(`${root} already exists`);
mkdirSync(join(root, "src"), { recursive: true });
mkdirSync(join(root, "test"), { recursive: true });

const write = (file, value) =>
  writeFileSync(join(root, file), typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n");

write("package.json", {
  name,
  version: "0.1.0",
  description,
  license: "MIT",
  type: "module",
  main: "./dist/cjs/index.js",
  types: "./dist/esm/index.d.ts",
  exports: {
    ".": {
      "socketry-source": "./src/index.ts",
      import: { types: "./dist/esm/index.d.ts", default: "./dist/esm/index.js" },
      require: { types: "./dist/cjs/index.d.ts", default: "./dist/cjs/index.js" },
    },
    "./package.json": "./package.json",
  },
  files: ["dist/esm", "dist/cjs", "src"],
  sideEffects: false,
  scripts: {
    build: "tsc -b tsconfig.json tsconfig.cjs.json && node ../../tools/scripts/cjs-stub.mjs .",
  },
  engines: { node: ">=20.19" },
});
const refs = (suffix) => deps.map((d) => ({ path: `../${d}${suffix}` }));
write("tsconfig.json", {
  extends: "../../tsconfig.base.json",
  compilerOptions: { rootDir: "src", outDir: "dist/esm", tsBuildInfoFile: "dist/esm.tsbuildinfo" },
  include: ["src"],
  references: refs(""),
});
write("tsconfig.cjs.json", {
  extends: "../../tsconfig.base.json",
  compilerOptions: {
    module: "commonjs",
    moduleResolution: "bundler",
    rootDir: "src",
    outDir: "dist/cjs",
    tsBuildInfoFile: "dist/cjs.tsbuildinfo",
  },
  include: ["src"],
  references: refs("/tsconfig.cjs.json"),
});
console.log(`created ${root}`);
