// Third-party code (adapters, async middlewares) may hand back a promise where a void is typed.

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
