import { expect, test } from "vitest";
import { DECODED_OBSERVER, Decoder, Encoder, PacketType, type Packet } from "../src/index.js";

test("the observer gets each packet, binary ones once complete, before the 'decoded' listeners", () => {
  const decoder = new Decoder();
  const order: string[] = [];
  decoder[DECODED_OBSERVER] = { onDecoded: (packet) => order.push(`observer:${packet.type}`) };
  // No listener yet: no listener table either (the memory this hook exists to save).
  expect((decoder as unknown as { _events?: object })._events).toBeUndefined();
  decoder.on("decoded", (packet: Packet) => order.push(`listener:${packet.type}`));
  const packet: Packet = { type: PacketType.EVENT, nsp: "/", data: ["hello", Buffer.from([1, 2])] };
  const parts = new Encoder().encode(packet);
  expect(parts).toHaveLength(2);
  decoder.add(parts[0] as string);
  expect(order).toEqual([]);
  decoder.add(parts[1] as Buffer);
  expect(order).toEqual([`observer:${PacketType.EVENT}`, `listener:${PacketType.EVENT}`]);
  decoder[DECODED_OBSERVER] = null;
  decoder.add(new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["x"] })[0] as string);
  expect(order).toHaveLength(3);
});
