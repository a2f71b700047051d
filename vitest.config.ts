import { defineConfig } from "vitest/config";

// Root options only (the projects live in vitest.workspace.ts).
export default defineConfig({
  test: {
    reporters: ["default", "./tools/scripts/summary-reporter.ts"],
  },
});
