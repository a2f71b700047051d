// Errors of the WebSocket transport. Its own code is for invalid options; the failures of a session
// are EngineErrors with the engine's codes (the engine decides the close reason from them). Every
// code is listed in docs/errors.md.
import { EngineError } from "@socketry/engine";
import { codedErrorClass } from "@socketry/shared";

export type WebSocketErrorCode = "ERR_WEBSOCKET_INVALID_OPTION";

/** An invalid websocket option: a TypeError, as before, with a stable code. */
export const WebSocketOptionError = codedErrorClass<WebSocketErrorCode, TypeError>(
  "TypeError",
  "socketry.transport-websocket",
  TypeError,
);
export type WebSocketOptionError = InstanceType<typeof WebSocketOptionError>;

export function invalidWebSocketOption(name: string, expected: string, value: unknown): WebSocketOptionError {
  return new WebSocketOptionError(
    "ERR_WEBSOCKET_INVALID_OPTION",
    `socketry websocket: option "${name}" must be ${expected}, got ${String(value)}`,
  );
}

/** ws reports an oversize message with this code (and closes the connection with 1009). */
const WS_TOO_LARGE = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

/** Maps a host error to the engine's error (oversize frames get their own code and close reason). */
export function fromHostError(error: Error & { code?: string }, maxPayload: number): EngineError {
  if (error.code === WS_TOO_LARGE) {
    return new EngineError(
      "ERR_ENGINE_PAYLOAD_TOO_LARGE",
      `websocket message over maxHttpBufferSize (${maxPayload} bytes)`,
      {
        cause: error,
        details: { limit: maxPayload },
      },
    );
  }
  return new EngineError("ERR_ENGINE_TRANSPORT_ERROR", error.message, { cause: error });
}
