// The default inter-node encoding: @socketry/msgpack-parser's hardened msgpackr pair, the same
// configuration the Socket.IO codec uses. It writes what notepack.io (used by the official
// adapter) writes, reads notepack's 64-bit integers as numbers, decodes with msgpackr's no-eval
// build and without structured clone, and refuses input nested deeper than 100 levels. One
// configuration in the monorepo instead of a copy.
import { msgpack } from "@socketry/msgpack-parser";
import type { InterNodeParser } from "./options.js";

export const msgpackParser: InterNodeParser = msgpack;
