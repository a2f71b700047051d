import { createRequire } from "node:module";

// A `require` that resolves from this package, for the ESM build (see package.json "imports").
export const requireFromHere: NodeJS.Require = createRequire(import.meta.url);
