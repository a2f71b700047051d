// The default inter-node encoding: msgpackr configured to write what notepack.io (used by the
// official adapter) writes, and to read notepack's 64-bit integers as numbers, not BigInts.
import { Packr, Unpackr, type Options } from "msgpackr";
import type { InterNodeParser } from "./options.js";

const packr = new Packr({
  useRecords: false,
  variableMapSize: true,
  encodeUndefinedAsNil: true,
  skipValues: [undefined], // omits undefined object keys, as notepack does (missing from msgpackr's types)
} as Options & { skipValues: unknown[] });
const unpackr = new Unpackr({ useRecords: false, int64AsType: "number" });

export const msgpackParser: InterNodeParser = {
  encode: (value) => packr.pack(value),
  decode: (data) => unpackr.unpack(data),
};
