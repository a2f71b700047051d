import { describe, expect, it } from "vitest";
import { MSGPACK_DECODER_DEFAULTS } from "../src/index.js";
import { resolveMsgpackDecoderOptions } from "../src/options.js";

describe("msgpack decoder options", () => {
  it("has one frozen defaults literal and never mutates the caller's object", () => {
    expect(MSGPACK_DECODER_DEFAULTS).toEqual({ maxDepth: 32 });
    expect(Object.isFrozen(MSGPACK_DECODER_DEFAULTS)).toBe(true);
    const given = Object.freeze({ maxDepth: 4 });
    expect(resolveMsgpackDecoderOptions(given)).toEqual({ maxDepth: 4 });
    expect(resolveMsgpackDecoderOptions()).toEqual({ maxDepth: 32 });
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects maxDepth %s", (maxDepth) => {
    expect(() => resolveMsgpackDecoderOptions({ maxDepth })).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_OPTION" }),
    );
  });
});
