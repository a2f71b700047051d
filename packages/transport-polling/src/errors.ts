// Errors of the polling transport: each has a stable code (the engine's EngineError codes where the
// engine acts on them, e.g. payload too large closes the session with its own reason).
import { EngineError } from "@socketry/engine";

export type PollingErrorCode = "ERR_POLLING_INVALID_OPTION";

export function invalidPollingOption(name: string, expected: string, value: unknown): TypeError & { code: PollingErrorCode } {
  const error = new TypeError(`socketry polling: option "${name}" must be ${expected}, got ${String(value)}`) as TypeError & {
    code: PollingErrorCode;
  };
  error.code = "ERR_POLLING_INVALID_OPTION";
  return error;
}

export function payloadTooLarge(limit: number): EngineError {
  return new EngineError("ERR_ENGINE_PAYLOAD_TOO_LARGE", `polling payload over maxHttpBufferSize (${limit} bytes)`, { limit });
}

export function pollOverlap(kind: "poll" | "data"): EngineError {
  return new EngineError(
    "ERR_ENGINE_POLL_OVERLAP",
    kind === "poll" ? "overlap from client: a second long-poll on one session" : "data request overlap from client",
  );
}

/** A v4 client posted a binary body: only v3 clients send binary payloads. */
export function invalidContent(): EngineError {
  return new EngineError("ERR_ENGINE_TRANSPORT_ERROR", "invalid content: a binary body from a client that cannot send one");
}
