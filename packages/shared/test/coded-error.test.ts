import { describe, expect, it } from "vitest";
import { codedErrorClass, describeValue, isCodedError } from "../src/index.js";

type Code = "ERR_DEMO_BROKEN" | "ERR_DEMO_INVALID_OPTION";
const DemoError = codedErrorClass<Code>("DemoError", "socketry.test.demo");
const DemoOptionError = codedErrorClass<Code, TypeError>("TypeError", "socketry.test.demo", TypeError);

describe("codedErrorClass", () => {
  it("gives name, code, message, cause and details", () => {
    const cause = new Error("inner");
    const error = new DemoError("ERR_DEMO_BROKEN", "it broke", { cause, details: { limit: 3 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DemoError");
    expect(error.code).toBe("ERR_DEMO_BROKEN");
    expect(error.message).toBe("it broke");
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ limit: 3 });
    expect(String(error)).toBe("DemoError: it broke");
    expect(error.stack).toContain("DemoError: it broke");
    expect(Object.keys(error)).toEqual(["code", "details"]);
  });

  it("has no cause or details property without them", () => {
    const error = new DemoError("ERR_DEMO_BROKEN", "x");
    expect("cause" in error).toBe(false);
    expect(error.details).toBeUndefined();
    expect(Object.keys(error)).toEqual(["code"]);
  });

  it("keeps instanceof TypeError for a TypeError-based class, and the package brand", () => {
    const error = new DemoOptionError("ERR_DEMO_INVALID_OPTION", "bad option");
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe("TypeError");
    expect(error instanceof DemoError).toBe(true);
    expect(new DemoError("ERR_DEMO_BROKEN", "x") instanceof DemoOptionError).toBe(false);
  });

  it("recognises errors of another copy of the class (same registered brand)", () => {
    const OtherCopy = codedErrorClass<Code>("DemoError", "socketry.test.demo");
    expect(new OtherCopy("ERR_DEMO_BROKEN", "x") instanceof DemoError).toBe(true);
    expect(new DemoError("ERR_DEMO_BROKEN", "x") instanceof OtherCopy).toBe(true);
    const Unrelated = codedErrorClass<Code>("DemoError", "socketry.test.other");
    expect(new Unrelated("ERR_DEMO_BROKEN", "x") instanceof DemoError).toBe(false);
  });

  it("rejects non-objects and look-alikes without the brand", () => {
    for (const value of [null, undefined, "ERR_DEMO_BROKEN", 1, { code: "ERR_DEMO_BROKEN" }, new Error("x")]) {
      expect(value instanceof DemoError).toBe(false);
    }
  });

  it("isCodedError accepts ERR_ codes only", () => {
    expect(isCodedError(new DemoError("ERR_DEMO_BROKEN", "x"))).toBe(true);
    expect(isCodedError(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(false);
    expect(isCodedError({ code: "ERR_X" })).toBe(false);
  });

  it("describes rejected option values", () => {
    expect(describeValue("x")).toBe('"x"');
    expect(describeValue(() => 1)).toBe("a function");
    expect(describeValue([1])).toBe("an array");
    expect(describeValue(-1)).toBe("-1");
  });
});
