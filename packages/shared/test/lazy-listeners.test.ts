// withoutListenerTable relies on a Node internal: EventEmitter keeps its listeners in `_events`
// and creates that table on the first `on()` when it is undefined. These tests fail if a Node
// release renames the field or stops creating the table lazily.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { callMethod, withoutListenerTable } from "../src/index.js";

class Lean extends EventEmitter {
  constructor() {
    super();
    withoutListenerTable(this);
  }
}

describe("withoutListenerTable", () => {
  it("targets the field Node's EventEmitter really uses", () => {
    const plain = new EventEmitter();
    expect(Object.hasOwn(plain, "_events")).toBe(true);
    const listener = () => {};
    plain.on("x", listener);
    expect((plain as unknown as { _events: Record<string, unknown> })._events.x).toBe(listener);
  });

  it("leaves the emitter without a table until the first listener", () => {
    const lean = new Lean();
    expect((lean as unknown as { _events: unknown })._events).toBeUndefined();
    expect(lean.emit("nothing")).toBe(false);
    expect(lean.listenerCount("x")).toBe(0);
    expect(lean.eventNames()).toEqual([]);
    expect(lean.listeners("x")).toEqual([]);
    expect(lean.removeListener("x", () => {})).toBe(lean);
    expect(lean.removeAllListeners("x")).toBe(lean);
  });

  it("still delivers, counts and removes listeners once one is added", () => {
    const lean = new Lean();
    const seen: unknown[] = [];
    const listener = (value: unknown) => seen.push(value);
    lean.on("x", listener);
    lean.once("y", listener);
    expect(lean.eventNames().sort()).toEqual(["x", "y"]);
    lean.emit("x", 1);
    lean.emit("y", 2);
    lean.emit("y", 3);
    expect(seen).toEqual([1, 2]);
    lean.off("x", listener);
    expect(lean.listenerCount("x")).toBe(0);
  });

  it("keeps the rule that an unhandled 'error' throws", () => {
    expect(() => new Lean().emit("error", new Error("boom"))).toThrow("boom");
  });
});

describe("callMethod", () => {
  it("runs the keyed method of its target, as a timer or tick callback", async () => {
    const RUN = Symbol("run");
    const target = {
      count: 0,
      [RUN]() {
        this.count++;
      },
    };
    callMethod(target, RUN);
    await new Promise<void>((resolve) => {
      setTimeout(callMethod, 1, target, RUN);
      setTimeout(resolve, 5);
    });
    expect(target.count).toBe(2);
  });
});
