import { describe, expect, test } from "vitest";
import { EngineError, EngineOptionError, errorMessages, errors, statusOf } from "../src/index.js";

describe("errors", () => {
  test("protocol codes 0-5 with their messages and statuses", () => {
    expect(errors).toEqual({
      UNKNOWN_TRANSPORT: 0,
      UNKNOWN_SID: 1,
      BAD_HANDSHAKE_METHOD: 2,
      BAD_REQUEST: 3,
      FORBIDDEN: 4,
      UNSUPPORTED_PROTOCOL_VERSION: 5,
    });
    expect(errorMessages).toEqual({
      0: "Transport unknown",
      1: "Session ID unknown",
      2: "Bad handshake method",
      3: "Bad request",
      4: "Forbidden",
      5: "Unsupported protocol version",
    });
    expect([0, 1, 2, 3, 4, 5].map((c) => statusOf(c as 0))).toEqual([400, 400, 400, 400, 403, 400]);
  });

  test("EngineError carries a stable code and instanceof works across copies", () => {
    const error = new EngineError("ERR_ENGINE_PAYLOAD_TOO_LARGE", "too large", { details: { limit: 10 } });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(EngineError);
    expect(error.name).toBe("EngineError");
    expect(error.code).toBe("ERR_ENGINE_PAYLOAD_TOO_LARGE");
    expect(error.details).toEqual({ limit: 10 });
    const foreign = Object.assign(new Error("x"), { [Symbol.for("socketry.engine")]: true });
    expect(foreign instanceof EngineError).toBe(true);
    expect(new Error("plain") instanceof EngineError).toBe(false);
  });

  test("an invalid option is a TypeError that is also an EngineError", () => {
    const error = new EngineOptionError("ERR_ENGINE_INVALID_OPTION", "bad");
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(EngineError);
    expect(new EngineError("ERR_ENGINE_TRANSPORT_ERROR", "x")).not.toBeInstanceOf(EngineOptionError);
  });
});
