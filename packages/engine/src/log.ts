// Debug logs (DEBUG=socketry:engine*), on lifecycle paths only: handshakes, refusals, upgrades,
// closes. Never on a packet's way in or out.
import createDebug from "debug";

export const logServer = createDebug("socketry:engine");
export const logSocket = createDebug("socketry:engine:socket");
