// Debug logs (DEBUG=socketry:engine:websocket): errors and closes, never per frame.
import createDebug from "debug";

export const logWebSocket = createDebug("socketry:engine:websocket");
