import { describe, expect, test } from "vitest";
import { ERROR_PACKET, EngineParserError, EngineParserErrorCode } from "@socketry/engine-parser";

describe("errors", () => {
  test("ERROR_PACKET is engine.io-parser's error packet, frozen", () => {
    expect(ERROR_PACKET).toEqual({ type: "error", data: "parser error" });
    expect(Object.isFrozen(ERROR_PACKET)).toBe(true);
  });

  test("EngineParserError carries a stable code and is recognised across copies", () => {
    const error = new EngineParserError(EngineParserErrorCode.INVALID_LENGTH, "bad length");
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("ERR_ENGINE_PARSER_INVALID_LENGTH");
    expect(error.name).toBe("EngineParserError");
    // Another copy of the package would set the same registered symbol on its prototype.
    const foreign = Object.create(Error.prototype, { [Symbol.for("socketry.engine-parser")]: { value: true } });
    expect(foreign instanceof EngineParserError).toBe(true);
    expect(new Error("x") instanceof EngineParserError).toBe(false);
    expect((null as unknown as object) instanceof EngineParserError).toBe(false);
  });

  test("every code is distinct and prefixed", () => {
    const codes = Object.values(EngineParserErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^ERR_ENGINE_PARSER_[A-Z0-9_]+$/);
  });
});
