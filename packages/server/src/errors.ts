// Every error @socketry/server raises or hands to a callback: one class, stable codes, one builder.

export type ServerErrorCode =
  /** A reserved event name ("connect", "disconnect", ...) was passed to emit(). */
  | "SERVER_RESERVED_EVENT"
  /** An option has the wrong type or is out of range. */
  | "SERVER_INVALID_OPTION"
  /** attach()/listen() on the base Server: it has no engine; use the `socketry` umbrella or bind(). */
  | "SERVER_NO_ENGINE"
  /** attach() got something that is not an HTTP server (for example an Express handler function). */
  | "SERVER_INVALID_ATTACH_TARGET"
  /** An acknowledgement did not arrive within the timeout. */
  | "SERVER_ACK_TIMEOUT"
  /** The socket already waits for `maxPendingAcks` acknowledgements; the emit was not sent. */
  | "SERVER_TOO_MANY_PENDING_ACKS"
  /** The socket disconnected while an acknowledgement was pending. */
  | "SERVER_SOCKET_DISCONNECTED"
  /** io.of() got a name that is neither a string, a RegExp nor a function. */
  | "SERVER_INVALID_NAMESPACE"
  /** A client tried more unknown namespaces than `maxUnknownNamespaces`. */
  | "SERVER_TOO_MANY_UNKNOWN_NAMESPACES"
  /**
   * A dynamic parent namespace already has `maxChildNamespaces` children: the client's CONNECT is
   * refused ("Invalid namespace", this code in the connect_error's `data.code`).
   */
  | "SERVER_TOO_MANY_CHILD_NAMESPACES"
  /** A client sent a packet the parser rejected. */
  | "SERVER_PARSE_ERROR";

const BRAND = Symbol.for("socketry.ServerError");

export class ServerError extends Error {
  override readonly name = "ServerError";
  readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  // instanceof works across two installed copies of this package.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** The one place that builds server errors. */
export function serverError(code: ServerErrorCode, message: string, cause?: unknown): ServerError {
  return new ServerError(code, message, cause === undefined ? undefined : { cause });
}

/**
 * The official message of an acknowledgement timeout is kept ("operation has timed out"), so code
 * matching on it keeps working; the code tells it apart.
 */
export function ackTimeoutError(): ServerError {
  return serverError("SERVER_ACK_TIMEOUT", "operation has timed out");
}
