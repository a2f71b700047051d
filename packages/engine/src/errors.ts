// Every error the engine raises or reports. The Engine.IO wire codes 0–5 are the protocol's own
// (numbers, messages and HTTP statuses as the protocol defines them); socketry's coded errors add
// a stable string `code` for the limits and misuse the protocol has no number for.
import { codedErrorClass, describeValue } from "@socketry/shared";

/** Engine.IO handshake/request error codes, exactly as the protocol numbers them. */
export const errors = Object.freeze({
  UNKNOWN_TRANSPORT: 0,
  UNKNOWN_SID: 1,
  BAD_HANDSHAKE_METHOD: 2,
  BAD_REQUEST: 3,
  FORBIDDEN: 4,
  UNSUPPORTED_PROTOCOL_VERSION: 5,
} as const);

export type ProtocolErrorCode = (typeof errors)[keyof typeof errors];

/** The protocol's message for each code, used in the JSON body `{ code, message }`. */
export const errorMessages: Readonly<Record<ProtocolErrorCode, string>> = Object.freeze({
  0: "Transport unknown",
  1: "Session ID unknown",
  2: "Bad handshake method",
  3: "Bad request",
  4: "Forbidden",
  5: "Unsupported protocol version",
});

/** HTTP status of a rejected request: 403 for Forbidden, 400 for every other code. */
export function statusOf(code: ProtocolErrorCode): 400 | 403 {
  return code === errors.FORBIDDEN ? 403 : 400;
}

/** What `connection_error` carries besides the request. */
export interface ConnectionErrorContext {
  /** A short machine-readable name of the precise cause, e.g. "TRANSPORT_MISMATCH". */
  name: string;
  [key: string]: unknown;
}

/** socketry's own error codes (stable; every one is listed in docs/errors.md). */
export type EngineErrorCode =
  | "ERR_ENGINE_INVALID_OPTION"
  | "ERR_ENGINE_UNKNOWN_TRANSPORT_CLASS"
  | "ERR_ENGINE_PAYLOAD_TOO_LARGE"
  | "ERR_ENGINE_WRITE_BUFFER_FULL"
  | "ERR_ENGINE_POLL_OVERLAP"
  | "ERR_ENGINE_PARSE_ERROR"
  | "ERR_ENGINE_TRANSPORT_ERROR";

const BRAND = "socketry.engine";

/**
 * An error the engine raises or a session reports, with a stable `code`; `instanceof` works across
 * two installed copies of the package. Transports report their failures with it too, because the
 * session decides its close reason from the code.
 */
export const EngineError = codedErrorClass<EngineErrorCode>("EngineError", BRAND);
export type EngineError = InstanceType<typeof EngineError>;

/** An invalid option or argument: a TypeError (as before) that is also an EngineError. */
export const EngineOptionError = codedErrorClass<EngineErrorCode, TypeError>("TypeError", BRAND, TypeError);
export type EngineOptionError = InstanceType<typeof EngineOptionError>;

/** @internal */
export function invalidOption(
  name: string,
  expected: string,
  value: unknown,
  code: "ERR_ENGINE_INVALID_OPTION" | "ERR_ENGINE_UNKNOWN_TRANSPORT_CLASS" = "ERR_ENGINE_INVALID_OPTION",
): EngineOptionError {
  return new EngineOptionError(
    code,
    `socketry engine: option "${name}" must be ${expected}, got ${describeValue(value)}`,
  );
}
