// The one way socketry packages build coded errors: a class per package (or per kind of failure)
// made by `codedErrorClass`, carrying a stable `code` (ERR_<AREA>_<WHAT>, see docs/errors.md) next
// to the official message. `instanceof` is decided by a brand under a registered symbol, so two
// installed copies of a package (or of this one) recognise each other's errors.

/** Extra facts about an error, for logs (never needed to decide what to do). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface CodedErrorOptions {
  /** The underlying error, as in `new Error(message, { cause })`. */
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** What every coded error has, whatever its package and base class. */
export interface CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: ErrorDetails | undefined;
}

/** A class made by `codedErrorClass`. */
export interface CodedErrorClass<Code extends string, Base extends Error = Error> {
  new (code: Code, message: string, options?: CodedErrorOptions): Base & CodedError<Code>;
  readonly prototype: Base & CodedError<Code>;
}

type ErrorBase<Base extends Error> = new (message?: string, options?: { cause?: unknown }) => Base;

/**
 * Makes a coded error class named `name`. `brand` is a registered-symbol key, by convention
 * "socketry.<package>" (one per package: every error class of the package shares it); `Base` is
 * Error, or TypeError/RangeError for invalid options, so `instanceof TypeError` holds as it did for
 * the bare errors those replace. `value instanceof C` is true when `value` carries C's brand and
 * really inherits from C's base, so a package's Error-based class also matches its TypeError-based
 * one (both are the package's errors) but not the other way round. Do not subclass the result:
 * make another class with the same brand.
 */
export function codedErrorClass<Code extends string, Base extends Error = Error>(
  name: string,
  brand: string,
  Base: ErrorBase<Base> = Error as unknown as ErrorBase<Base>,
): CodedErrorClass<Code, Base> {
  const key = Symbol.for(brand);
  const Coded = class extends (Base as ErrorBase<Error>) {
    readonly code: Code;
    // Only set when given: most errors (codec rejections of hostile input) carry none.
    declare readonly details: ErrorDetails | undefined;

    constructor(code: Code, message: string, options?: CodedErrorOptions) {
      super(message, options?.cause === undefined ? undefined : { cause: options.cause });
      this.code = code;
      if (options?.details !== undefined) (this as { details: ErrorDetails }).details = options.details;
    }

    static override [Symbol.hasInstance](value: unknown): boolean {
      return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<symbol, unknown>)[key] === true &&
        Function.prototype[Symbol.hasInstance].call(Base, value)
      );
    }
  };
  Object.defineProperty(Coded, "name", { value: name });
  // On the prototype, not enumerable: the brand costs nothing per error and never shows in logs.
  Object.defineProperty(Coded.prototype, "name", { value: name, writable: true, configurable: true });
  Object.defineProperty(Coded.prototype, key, { value: true });
  return Coded as unknown as CodedErrorClass<Code, Base>;
}

/** true for any socketry coded error (an object with a string `code` that starts with "ERR_"). */
export function isCodedError(value: unknown): value is CodedError {
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_");
}

/** How an option's rejected value reads in a message: strings quoted, functions and arrays named. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  return String(value);
}
