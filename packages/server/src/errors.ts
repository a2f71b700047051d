// Every error @socketry/server raises or hands to a callback: one class (and its TypeError-based
// twin for invalid arguments) made by @socketry/shared's codedErrorClass, stable codes listed in
// docs/errors.md, one builder per kind of failure.
import { codedErrorClass } from "@socketry/shared";

export type ServerErrorCode =
  /** A reserved event name ("connect", "disconnect", ...) was passed to emit(). */
  | "ERR_SERVER_RESERVED_EVENT"
  /** An option has the wrong type or is out of range. */
  | "ERR_SERVER_INVALID_OPTION"
  /** attach()/listen() on the base Server: it has no engine; use the `socketry` umbrella or bind(). */
  | "ERR_SERVER_NO_ENGINE"
  /** attach() got something that is not an HTTP server (for example an Express handler function). */
  | "ERR_SERVER_INVALID_ATTACH_TARGET"
  /** An acknowledgement did not arrive within the timeout. */
  | "ERR_SERVER_ACK_TIMEOUT"
  /** The socket already waits for `maxPendingAcks` acknowledgements; the emit was not sent. */
  | "ERR_SERVER_TOO_MANY_PENDING_ACKS"
  /** The socket disconnected while an acknowledgement was pending. */
  | "ERR_SERVER_SOCKET_DISCONNECTED"
  /** io.of() got a name that is neither a string, a RegExp nor a function. */
  | "ERR_SERVER_INVALID_NAMESPACE"
  /** A client tried more unknown namespaces than `maxUnknownNamespaces`. */
  | "ERR_SERVER_TOO_MANY_UNKNOWN_NAMESPACES"
  /**
   * A dynamic parent namespace already has `maxChildNamespaces` children: the client's CONNECT is
   * refused ("Invalid namespace", this code in the connect_error's `data.code`).
   */
  | "ERR_SERVER_TOO_MANY_CHILD_NAMESPACES"
  /** A client sent a packet the parser rejected. */
  | "ERR_SERVER_PARSE_ERROR";

const BRAND = "socketry.server";

/** A server failure with a stable `code`; `instanceof` works across two installed copies. */
export const ServerError = codedErrorClass<ServerErrorCode>("ServerError", BRAND);
export type ServerError = InstanceType<typeof ServerError>;

/** An invalid option or argument: a TypeError that is also a ServerError. */
export const ServerOptionError = codedErrorClass<ServerErrorCode, TypeError>("TypeError", BRAND, TypeError);
export type ServerOptionError = InstanceType<typeof ServerOptionError>;

/** The one place that builds server errors. */
export function serverError(code: ServerErrorCode, message: string, cause?: unknown): ServerError {
  return new ServerError(code, message, cause === undefined ? undefined : { cause });
}

/** An option or argument of the wrong type or out of range. */
export function invalidArgument(
  code: "ERR_SERVER_INVALID_OPTION" | "ERR_SERVER_INVALID_ATTACH_TARGET" | "ERR_SERVER_INVALID_NAMESPACE",
  message: string,
): ServerOptionError {
  return new ServerOptionError(code, message);
}

/**
 * The official message of an acknowledgement timeout is kept ("operation has timed out"), so code
 * matching on it keeps working; the code tells it apart.
 */
export function ackTimeoutError(): ServerError {
  return serverError("ERR_SERVER_ACK_TIMEOUT", "operation has timed out");
}
