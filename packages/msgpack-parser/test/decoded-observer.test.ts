import { expect, test } from "vitest";
import { DECODED_OBSERVER, PacketType, type Packet } from "@socketry/parser";
import { Decoder, Encoder } from "../src/index.js";

test("the observer gets each packet before the 'decoded' listeners", () => {
  const decoder = new Decoder();
  const order: string[] = [];
  decoder[DECODED_OBSERVER] = {
    onDecoded: (packet) => order.push(`observer:${String((packet.data as unknown[])[0])}`),
  };
  expect((decoder as unknown as { _events?: object })._events).toBeUndefined();
  decoder.on("decoded", (packet: Packet) => order.push(`listener:${String((packet.data as unknown[])[0])}`));
  const [bytes] = new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["hi", Buffer.from([1])] });
  decoder.add(bytes as Buffer);
  expect(order).toEqual(["observer:hi", "listener:hi"]);
});
