export { createPacketEncoderStream } from "./encoder-stream.js";
export { createPacketDecoderStream } from "./decoder-stream.js";
