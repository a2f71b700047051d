// Tools of the v2/v3 era hook a socket by replacing its methods on the instance, as the official
// server calls them through `this`: socketio-wildcard 2.0 replaces `socket.onevent` (and calls
// `socket.ack(id)`) to add a catch-all "*" event.
import wildcard from "socketio-wildcard";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer();
});
afterEach(async () => {
  await ts.close();
});

describe("methods replaced on a socket instance", () => {
  it("socketio-wildcard: '*' sees every event, the event's own listeners still run, acks answer", async () => {
    ts.io.use(wildcard() as never);
    const starred: unknown[] = [];
    const greeted: unknown[] = [];
    ts.io.on("connection", (socket) => {
      socket.on("*", (packet: { data: unknown[] }) => starred.push(packet.data[0]));
      socket.on("hello", (name: string, ack: (answer: string) => void) => {
        greeted.push(name);
        ack(`hi ${name}`);
      });
    });
    const { client } = await connectPair(ts);
    expect(await client.timeout(2000).emitWithAck("hello", "ada")).toBe("hi ada");
    client.emit("other", 1);
    await delay(50);
    expect(starred).toEqual(["hello", "other"]);
    expect(greeted).toEqual(["ada"]);
  });

  it("a hand-made onevent wrapper sees each EVENT packet before the listeners", async () => {
    const { client, socket } = await connectPair(ts);
    const seen: string[] = [];
    const original = socket.onevent;
    socket.onevent = (packet) => {
      seen.push(`packet ${JSON.stringify(packet.data)}`);
      original.call(socket, packet);
    };
    socket.on("ping-me", (n: number) => seen.push(`listener ${n}`));
    const pong = waitFor(client, "pong");
    client.emit("ping-me", 3);
    socket.on("ping-me", () => socket.emit("pong"));
    await pong;
    expect(seen).toEqual(['packet ["ping-me",3]', "listener 3"]);
  });
});
