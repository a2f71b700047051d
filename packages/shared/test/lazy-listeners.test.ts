// withoutListenerTable relies on a Node internal: EventEmitter keeps its listeners in `_events`
// and creates that table on the first `on()` when it is undefined. These tests fail if a Node
// release renames the field or stops creating the table lazily.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { callMethod, withCompactListenerTable, withoutListenerTable } from "../src/index.js";

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

describe("withCompactListenerTable", () => {
  class Compact extends EventEmitter {
    constructor() {
      super();
      withCompactListenerTable(this);
    }
  }

  it("replaces Node's table with one that inherits nothing and keeps listeners already there", () => {
    const emitter = new EventEmitter();
    const early = () => {};
    emitter.on("early", early);
    withCompactListenerTable(emitter);
    const table = (emitter as unknown as { _events: object })._events;
    expect(Object.getPrototypeOf(Object.getPrototypeOf(table))).toBeNull();
    expect(Reflect.ownKeys(Object.getPrototypeOf(table))).toEqual([]);
    expect(emitter.listeners("early")).toEqual([early]);
  });

  it("delivers, counts, lists and removes listeners as Node's table does, inherited names included", () => {
    const emitter = new Compact();
    const seen: unknown[] = [];
    const listener = (value: unknown) => seen.push(value);
    emitter.on("x", listener);
    emitter.once("y", listener);
    const symbol = Symbol("s");
    emitter.on(symbol, listener);
    expect(emitter.eventNames()).toEqual(["x", "y", symbol]);
    emitter.emit("x", 1);
    emitter.emit("y", 2);
    emitter.emit("y", 3);
    emitter.emit(symbol, 4);
    expect(seen).toEqual([1, 2, 4]);
    for (const inherited of ["toString", "constructor", "hasOwnProperty", "__proto__"]) {
      expect(emitter.listenerCount(inherited)).toBe(0);
      expect(emitter.emit(inherited)).toBe(false);
    }
    emitter.off("x", listener);
    emitter.removeAllListeners(symbol);
    expect(emitter.eventNames()).toEqual([]);
    expect(() => emitter.emit("error", new Error("boom"))).toThrow("boom");
  });

  it("leaves an object without Node's listener field alone", () => {
    const other = { on() {} };
    withCompactListenerTable(other);
    expect(Object.keys(other)).toEqual(["on"]);
  });
});
