import { describe, expect, it } from "vitest";
import { runMiddlewares, type Middleware } from "../src/middleware.js";

function run<T>(fns: Middleware<T>[] | undefined, subject: T): Promise<Error | null> {
  return new Promise((resolve) => runMiddlewares(fns, subject, resolve));
}

describe("runMiddlewares", () => {
  it("calls done(null) at once without middlewares", async () => {
    expect(await run(undefined, 1)).toBeNull();
    expect(await run([], 1)).toBeNull();
  });

  it("runs in order, sync and async, and stops at the first error", async () => {
    const order: string[] = [];
    const err = new Error("stop");
    const result = await run<string[]>(
      [
        (s, next) => (s.push("a"), next()),
        (s, next) => setTimeout(() => (s.push("b"), next()), 1),
        (s, next) => (s.push("c"), next(err)),
        (s, next) => (s.push("d"), next()),
      ],
      order,
    );
    expect(result).toBe(err);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("ignores a second next() from the same middleware", async () => {
    let done = 0;
    const calls: Array<Error | null> = [];
    runMiddlewares<number>([(_s, next) => (next(), next(new Error("late")))], 0, (e) => {
      done++;
      calls.push(e);
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(1);
    expect(calls).toEqual([null]);
  });

  it("a throw before next() is that middleware's refusal; the rest of the chain does not run", async () => {
    const ran: string[] = [];
    const result = await run<string[]>(
      [
        (s, next) => (s.push("a"), next()),
        () => {
          throw new TypeError("bug in b");
        },
        (s, next) => (s.push("c"), next()),
      ],
      ran,
    );
    expect(result).toBeInstanceOf(TypeError);
    expect(result?.message).toBe("bug in b");
    expect(ran).toEqual(["a"]);
  });

  it("an async middleware that rejects before next() refuses too", async () => {
    const result = await run<number>(
      [
        async () => {
          await Promise.resolve();
          throw new Error("store down");
        },
      ],
      0,
    );
    expect(result?.message).toBe("store down");
  });

  it("a throw after next() comes from what ran next, and is not swallowed", () => {
    expect(() =>
      runMiddlewares<number>([(_s, next) => next()], 0, () => {
        throw new Error("from the listener");
      }),
    ).toThrow("from the listener");
  });

  it("uses a snapshot: a middleware added during a run applies to the next run", async () => {
    const fns: Middleware<string[]>[] = [];
    fns.push((s, next) => {
      s.push("first");
      fns.push((t, n) => (t.push("added"), n()));
      next();
    });
    const one: string[] = [];
    await run(fns, one);
    expect(one).toEqual(["first"]);
    const two: string[] = [];
    await run(fns, two);
    expect(two).toEqual(["first", "added"]);
  });
});
