// @socketry/transport-websocket: the Engine.IO WebSocket transport over `ws` or any ws-compatible host.
export { WebSocket } from "./websocket.js";
export { messageFrame } from "./frame.js";
export { setupWebSocket, WEBSOCKET_DEFAULTS, type WebSocketSettings } from "./setup.js";
export type { WebSocketConnection, WebSocketHost, WebSocketHostClass, WebSocketHostOptions } from "./host.js";
export { WebSocketOptionError, type WebSocketErrorCode } from "./errors.js";
