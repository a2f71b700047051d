// Every error the engine raises or reports. The Engine.IO wire codes 0–5 are the protocol's own
// (numbers, messages and HTTP statuses as the protocol defines them); socketry's coded errors add
// a stable string `code` for the limits and misuse the protocol has no number for.

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

/** socketry's own error codes (stable; documented in the package README). */
export type EngineErrorCode =
  | "ERR_ENGINE_INVALID_OPTION"
  | "ERR_ENGINE_UNKNOWN_TRANSPORT_CLASS"
  | "ERR_ENGINE_PAYLOAD_TOO_LARGE"
  | "ERR_ENGINE_WRITE_BUFFER_FULL"
  | "ERR_ENGINE_POLL_OVERLAP"
  | "ERR_ENGINE_PARSE_ERROR"
  | "ERR_ENGINE_TRANSPORT_ERROR"
  | "ERR_ENGINE_UPGRADE_FAILED";

const ENGINE_ERROR = Symbol.for("socketry.engine.EngineError");

/** An error with a stable `code`; `instanceof` works across two installed copies of the package. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  /** Extra facts for logs (never needed to decide what to do). */
  readonly context: Readonly<Record<string, unknown>> | undefined;

  constructor(code: EngineErrorCode, message: string, context?: Record<string, unknown>) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    this.context = context;
    (this as unknown as Record<symbol, boolean>)[ENGINE_ERROR] = true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ENGINE_ERROR] === true;
  }
}

export function invalidOption(name: string, expected: string, value: unknown): TypeError & { code: EngineErrorCode } {
  const error = new TypeError(`socketry engine: option "${name}" must be ${expected}, got ${describe(value)}`) as TypeError & {
    code: EngineErrorCode;
  };
  error.code = "ERR_ENGINE_INVALID_OPTION";
  return error;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  return String(value);
}
