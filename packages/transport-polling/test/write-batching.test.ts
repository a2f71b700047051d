// Over long-polling the packets written in one tick share one answer, and their send callbacks run
// once that answer is written; a packet written later waits for the next poll.
import { afterEach, expect, test } from "vitest";
import { raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

test("the packets of one tick go out in one answer; their callbacks run when it is written", async () => {
  running = await startEngine();
  const { sid } = await rawHandshake(running.port);
  const socket = running.engine.clients[sid]!;
  const path = `/engine.io/?EIO=4&transport=polling&sid=${sid}`;
  const firstPoll = raw(running.port, path);
  await until(() => socket.transport.writable);
  const sent: string[] = [];
  for (const text of ["a", "b", "c"]) socket.send(text, () => sent.push(text));
  expect(sent).toEqual([]); // nothing is answered before the tick ends
  expect((await firstPoll).text).toBe("4a\x1e4b\x1e4c");
  await until(() => sent.length === 3);
  expect(sent).toEqual(["a", "b", "c"]);
  // No poll is pending now: the next message waits for one, and so does its callback.
  socket.send("d", () => sent.push("d"));
  await new Promise((r) => setTimeout(r, 20));
  expect(sent).toEqual(["a", "b", "c"]);
  expect((await raw(running.port, path)).text).toBe("4d");
  await until(() => sent.length === 4);
  socket.close(true);
});
