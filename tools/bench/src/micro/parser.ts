// @socketry/parser vs socket.io-parser: encode and decode of typical packets, same input both sides.
import * as socketry from "@socketry/parser";
import * as official from "socket.io-parser";
import { codecRows, type Codec } from "../codec-rows.js";

export default codecRows(socketry as unknown as Codec, official as unknown as Codec);
