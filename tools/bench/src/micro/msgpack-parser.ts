// @socketry/msgpack-parser vs socket.io-msgpack-parser: encode and decode of typical packets.
import * as socketry from "@socketry/msgpack-parser";
import * as official from "socket.io-msgpack-parser";
import { codecRows, type Codec } from "../codec-rows.js";

export default codecRows(socketry as unknown as Codec, official as unknown as Codec);
