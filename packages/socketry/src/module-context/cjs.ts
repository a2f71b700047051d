// A `require` that resolves from this package, for the CommonJS build (see package.json "imports").
export const requireFromHere: NodeJS.Require = require;
