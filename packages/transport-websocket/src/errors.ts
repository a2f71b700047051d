// Errors of the WebSocket transport, each with a stable code.
import { EngineError } from "@socketry/engine";

export type WebSocketErrorCode = "ERR_WEBSOCKET_INVALID_OPTION";

export function invalidWebSocketOption(name: string, expected: string, value: unknown): TypeError & { code: WebSocketErrorCode } {
  const error = new TypeError(`socketry websocket: option "${name}" must be ${expected}, got ${String(value)}`) as TypeError & {
    code: WebSocketErrorCode;
  };
  error.code = "ERR_WEBSOCKET_INVALID_OPTION";
  return error;
}

/** ws reports an oversize message with this code (and closes the connection with 1009). */
const WS_TOO_LARGE = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

/** Maps a host error to the engine's error (oversize frames get their own code and close reason). */
export function fromHostError(error: Error & { code?: string }, maxPayload: number): EngineError {
  if (error.code === WS_TOO_LARGE) {
    return new EngineError("ERR_ENGINE_PAYLOAD_TOO_LARGE", `websocket message over maxHttpBufferSize (${maxPayload} bytes)`, {
      limit: maxPayload,
    });
  }
  return new EngineError("ERR_ENGINE_TRANSPORT_ERROR", error.message, { cause: error.code });
}
