// Debug logs (DEBUG=socketry:engine:polling): refusals, aborts and closes, never per packet.
import createDebug from "debug";

export const logPolling = createDebug("socketry:engine:polling");
