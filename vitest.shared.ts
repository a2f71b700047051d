import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (no build step): the
// "socketry-source" export condition points at src/index.ts. Node tests run in vite's SSR
// environment, so the condition must be set there too.
export default defineConfig({
  resolve: { conditions: ["socketry-source"] },
  ssr: { resolve: { conditions: ["socketry-source"] } },
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
