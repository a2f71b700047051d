// Runs a chain of (subject, next) middlewares in order; the first error stops the chain.

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
    chain[index]!(subject, (err?: Error) => {
      if (called) return; // next() called twice: only the first counts
      called = true;
      if (err) return done(err);
      if (index + 1 === chain.length) return done(null);
      step(index + 1);
    });
  };
  step(0);
}
