// Debug logs (DEBUG=socketry:adapter): cluster traffic that is ignored or failed to publish.
import createDebug from "debug";

export const log = createDebug("socketry:adapter");
