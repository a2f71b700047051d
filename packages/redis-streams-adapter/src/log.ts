// Debug logs (DEBUG=socketry:redis-streams-adapter): lifecycle, faults and ignored messages.
import createDebug from "debug";

export const log = createDebug("socketry:redis-streams-adapter");
