import { readdirSync, existsSync } from "node:fs";
import { defineWorkspace } from "vitest/config";

// One vitest project per package (and per tool or example) that has a test/ folder.
const projects = ["packages", "tools", "examples"].flatMap((top) =>
  readdirSync(top)
    .filter((name) => existsSync(`./${top}/${name}/test`))
    .map((name) => ({
      extends: "./vitest.shared.ts",
      test: { name, root: `./${top}/${name}`, include: ["test/**/*.test.ts"] },
    })),
);

export default defineWorkspace(projects);
