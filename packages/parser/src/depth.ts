// Nesting depth of parsed data, for payloads no other walk visits: allocation-free, and recursive
// only as deep as the limit it checks (so at most maxDepth frames); limits too high for that
// use the iterative walk of inspect.ts instead.
import { inspectData } from "./inspect.js";

/** Above this limit, recursing up to it could itself overflow the stack. */
const MAX_RECURSIVE_LIMIT = 256;

/** True when `root` (depth 1) holds containers nested deeper than maxDepth. */
export function nestsDeeperThan(root: object, maxDepth: number): boolean {
  if (maxDepth > MAX_RECURSIVE_LIMIT) {
    try {
      inspectData(root, maxDepth);
      return false;
    } catch {
      return true;
    }
  }
  return deeper(root, maxDepth - 1);
}

/** `levels`: how many more levels may open below `value`. */
function deeper(value: object, levels: number): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null && (levels === 0 || deeper(item, levels - 1))) return true;
    }
    return false;
  }
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === "object" && item !== null && (levels === 0 || deeper(item, levels - 1))) return true;
  }
  return false;
}
