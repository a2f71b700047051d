// Runs a chain of (subject, next) middlewares in order; the first error stops the chain.
import { isThenable } from "./thenable.js";

/** An error a connection middleware refuses with: `data` reaches the client's connect_error (official name). */
export interface ExtendedError extends Error {
  // biome-ignore lint/suspicious/noExplicitAny: the official type: code reads err.data's fields without narrowing
  data?: any;
}

export type NextFunction = (err?: ExtendedError) => void;
export type Middleware<Subject> = (subject: Subject, next: NextFunction) => void;

/** Calls `done(null)` after every middleware called next(), or `done(err)` at the first error. */
export function runMiddlewares<Subject>(
  fns: readonly Middleware<Subject>[] | undefined,
  subject: Subject,
  done: (err: Error | null) => void,
): void {
  if (fns === undefined || fns.length === 0) {
    done(null);
    return;
  }
  // A snapshot: a middleware registered while the chain runs applies to the next run.
  const chain = fns.slice();
  const step = (index: number): void => {
    let called = false;
    const next = (err?: Error): void => {
      if (called) return; // next() called twice: only the first counts
      called = true;
      if (err) return done(err);
      if (index + 1 === chain.length) return done(null);
      step(index + 1);
    };
    try {
      const result: unknown = chain[index]!(subject, next);
      // An async middleware's rejection before next() is a refusal too (an unhandled rejection
      // would end the process); after next(), it stays the caller's, as before.
      if (isThenable(result)) {
        result.then(undefined, (err: unknown) => {
          if (called) throw err;
          next(asError(err));
        });
      }
    } catch (err) {
      // A throw before next() is the middleware's refusal, as next(err) would be: a client whose
      // handshake makes a middleware throw (a missing auth field, say) is refused, where the
      // official server lets the exception end the process. After next(), it came from what ran
      // next (the rest of the chain, a "connection" listener) and is not ours to catch.
      if (called) throw err;
      next(asError(err));
    }
  };
  step(0);
}

/** A throw or a rejection that is no Error (`throw "nope"`) still refuses with one. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
