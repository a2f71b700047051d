// Debug logs (DEBUG=socketry:*), only on lifecycle paths: never on an emit or a broadcast.
import createDebug from "debug";

export const logClient = createDebug("socketry:client");
export const logNamespace = createDebug("socketry:namespace");
export const logServer = createDebug("socketry:server");
