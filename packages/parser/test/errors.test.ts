import { describe, expect, it } from "vitest";
import { ParserError, parserError } from "../src/index.js";

describe("ParserError", () => {
  it("carries a stable code in `code`, the message as given (no code prefix), and the cause", () => {
    const cause = new SyntaxError("bad");
    const error = parserError("ERR_PARSER_INVALID_PAYLOAD", "invalid payload", cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ParserError);
    expect(error.name).toBe("ParserError");
    expect(error.code).toBe("ERR_PARSER_INVALID_PAYLOAD");
    expect(error.message).toBe("invalid payload");
    expect(error.cause).toBe(cause);
  });

  it("instanceof works for an error built by another copy of the package (registered brand)", () => {
    const foreign = new Error("from another copy");
    Object.defineProperty(foreign, Symbol.for("socketry.parser"), { value: true });
    expect(foreign).toBeInstanceOf(ParserError);
    expect(new Error("plain")).not.toBeInstanceOf(ParserError);
    expect(null).not.toBeInstanceOf(ParserError);
  });
});
