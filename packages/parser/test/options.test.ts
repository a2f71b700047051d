import { describe, expect, it } from "vitest";
import { DECODER_DEFAULTS, resolveDecoderOptions } from "../src/index.js";

describe("decoder options", () => {
  it("has one frozen defaults literal", () => {
    expect(DECODER_DEFAULTS).toEqual({
      reviver: undefined,
      maxAttachments: 10,
      maxDepth: 32,
      rejectUnusedAttachments: false,
    });
    expect(Object.isFrozen(DECODER_DEFAULTS)).toBe(true);
  });

  it("merges over the defaults without mutating the caller's object", () => {
    const given = Object.freeze({ maxDepth: 5 });
    expect(resolveDecoderOptions(given)).toEqual({
      reviver: undefined,
      maxAttachments: 10,
      maxDepth: 5,
      rejectUnusedAttachments: false,
    });
    expect(given).toEqual({ maxDepth: 5 });
  });

  it("accepts a bare reviver, as the official decoder does", () => {
    const reviver = (_k: string, v: unknown) => v;
    expect(resolveDecoderOptions(reviver).reviver).toBe(reviver);
  });

  it.each([
    { maxAttachments: 1.5 },
    { maxAttachments: -1 },
    { maxDepth: 0 },
    { maxDepth: Number.NaN },
    { reviver: 1 as unknown as undefined },
    { rejectUnusedAttachments: 1 as unknown as boolean },
  ])("rejects %j with ERR_PARSER_INVALID_OPTION", (options) => {
    expect(() => resolveDecoderOptions(options)).toThrow(
      expect.objectContaining({ code: "ERR_PARSER_INVALID_OPTION" }),
    );
  });
});
