// Decode side walk over parsed data: drops keys that could pollute prototypes downstream and,
// for binary packets, finds the placeholders (depth-bounded). Iterative, so no input can
// overflow the stack.
import { ERROR_MESSAGES, parserError } from "./errors.js";

type Container = Record<string, unknown> | unknown[];

/** Where a binary attachment goes once it arrives. */
export interface PlaceholderSlot {
  holder: Container;
  key: string | number;
  num: number;
}

/**
 * `__proto__` is always dropped; `constructor` and `prototype` only when they hold an object
 * (the only way they reach a prototype through a naive merge), so `{ constructor: "Ferrari" }`
 * survives.
 */
export function isForbiddenKey(key: string, value: unknown): boolean {
  if (key === "__proto__") return true;
  return (key === "constructor" || key === "prototype") && typeof value === "object" && value !== null;
}

// A key spelled with \u escapes could be any of them, hence the last alternative.
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/** Cheap test on the raw JSON: no forbidden key can be in a payload that spells none of them. */
export function mayHoldForbiddenKey(json: string): boolean {
  return MAY_HOLD_FORBIDDEN_KEY.test(json);
}

/**
 * Walks `root` (an array or object), removing forbidden keys. With `slots`, also records every
 * placeholder (`{ _placeholder: true, ... }`) without descending into it, and rejects data
 * nested deeper than `maxDepth` (root = depth 1).
 */
export function inspectData(root: object, maxDepth: number, slots?: PlaceholderSlot[]): void {
  const containers: Container[] = [root as Container];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const container = containers.pop() as Container;
    const depth = depths.pop() as number;
    if (depth > maxDepth) throw parserError("ERR_PARSER_MAX_DEPTH", ERROR_MESSAGES.tooDeep);
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const value = container[i];
        if (typeof value !== "object" || value === null) continue;
        if (slots !== undefined && (value as { _placeholder?: unknown })._placeholder === true) {
          slots.push({ holder: container, key: i, num: (value as { num?: unknown }).num as number });
        } else {
          containers.push(value as Container);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const value = container[key];
      if (isForbiddenKey(key, value)) {
        delete container[key];
        continue;
      }
      if (typeof value !== "object" || value === null) continue;
      if (slots !== undefined && (value as { _placeholder?: unknown })._placeholder === true) {
        slots.push({ holder: container, key, num: (value as { num?: unknown }).num as number });
      } else {
        containers.push(value as Container);
        depths.push(depth + 1);
      }
    }
  }
}

/**
 * Each placeholder must name an attachment 0..count-1 that no other placeholder names; with
 * `rejectUnused`, every attachment must be named.
 */
export function checkPlaceholders(slots: readonly PlaceholderSlot[], count: number, rejectUnused: boolean): void {
  const seen = new Uint8Array(count);
  for (const slot of slots) {
    const num = slot.num;
    if (typeof num !== "number" || !Number.isInteger(num) || num < 0 || num >= count || seen[num] === 1) {
      throw parserError("ERR_PARSER_INVALID_PLACEHOLDER", ERROR_MESSAGES.illegalAttachments);
    }
    seen[num] = 1;
  }
  if (rejectUnused && slots.length !== count)
    throw parserError("ERR_PARSER_INVALID_PLACEHOLDER", ERROR_MESSAGES.illegalAttachments);
}

export function fillPlaceholders(slots: readonly PlaceholderSlot[], attachments: readonly unknown[]): void {
  for (const slot of slots) {
    (slot.holder as Record<string | number, unknown>)[slot.key] = attachments[slot.num];
  }
}
