// Debug logs (DEBUG=socketry:redis-adapter): lifecycle, faults and ignored messages.
import createDebug from "debug";

export const log = createDebug("socketry:redis-adapter");
