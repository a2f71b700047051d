// Small helpers shared by the classic and the sharded adapter.
import { randomBytes } from "node:crypto";
import { log } from "./log.js";

/** A random id for a node or a request. */
export function newId(): string {
  return randomBytes(6).toString("base64url");
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ignored(channel: string, why: string): void {
  log("ignored a message on %s: %s", channel, why);
}

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True when `value` holds binary data somewhere (it then travels as msgpack, not JSON). */
export function hasBinary(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object" || depth > 32) return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return true;
  if (Array.isArray(value)) return value.some((item) => hasBinary(item, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  return Object.values(value).some((item) => hasBinary(item, depth + 1));
}
