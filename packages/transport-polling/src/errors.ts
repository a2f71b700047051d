// Errors of the polling transport. Its own code is for invalid options; the failures of a session
// are EngineErrors with the engine's codes, because the engine decides the close reason from them
// (payload too large closes with its own reason). Every code is listed in docs/errors.md.
import { EngineError } from "@socketry/engine";
import { codedErrorClass } from "@socketry/shared";

export type PollingErrorCode = "ERR_POLLING_INVALID_OPTION";

/** An invalid polling option: a TypeError, as before, with a stable code. */
export const PollingOptionError = codedErrorClass<PollingErrorCode, TypeError>(
  "TypeError",
  "socketry.transport-polling",
  TypeError,
);
export type PollingOptionError = InstanceType<typeof PollingOptionError>;

export function invalidPollingOption(name: string, expected: string, value: unknown): PollingOptionError {
  return new PollingOptionError(
    "ERR_POLLING_INVALID_OPTION",
    `socketry polling: option "${name}" must be ${expected}, got ${String(value)}`,
  );
}

export function payloadTooLarge(limit: number): EngineError {
  return new EngineError("ERR_ENGINE_PAYLOAD_TOO_LARGE", `polling payload over maxHttpBufferSize (${limit} bytes)`, {
    details: { limit },
  });
}

export function pollOverlap(kind: "poll" | "data"): EngineError {
  return new EngineError(
    "ERR_ENGINE_POLL_OVERLAP",
    kind === "poll" ? "overlap from client: a second long-poll on one session" : "data request overlap from client",
  );
}

/** A v4 client posted a binary body: only v3 clients send binary payloads. */
export function invalidContent(): EngineError {
  return new EngineError(
    "ERR_ENGINE_TRANSPORT_ERROR",
    "invalid content: a binary body from a client that cannot send one",
  );
}
