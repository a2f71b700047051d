// A third-party transport registered through the `transports` option (as a class, next to the
// built-in names) and its engine.io-client 6 counterpart talking to each other.
import { afterEach, expect, test } from "vitest";
import { Socket as ClientSocket } from "engine.io-client";
import WebSocket from "ws";
import type { ConnectionError, Socket, TransportInit } from "socketry/engine";
import { WebSocket as WebSocketTransport } from "@socketry/transport-websocket";
import { JsonPollClient } from "./custom/json-poll-client.js";
import { JsonPoll } from "./custom/json-poll-server.js";
import { once, raw, rawHandshake, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
const clients: ClientSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

test("a custom transport class in `transports` handshakes, carries messages both ways and closes", async () => {
  running = await startEngine({ transports: ["polling", "websocket", JsonPoll] });
  const connection = once<Socket>(running.engine, "connection");
  const client = new ClientSocket(running.url, { transports: [JsonPollClient] });
  clients.push(client);
  await once(client, "open");
  const socket = await connection;
  expect(socket.transport.name).toBe("json-poll");
  expect(socket.transport).toBeInstanceOf(JsonPoll);

  const received: unknown[] = [];
  socket.on("message", (d: unknown) => received.push(d));
  client.send("custom hello");
  client.send(new Uint8Array([5, 6]));
  await until(() => received.length === 2);
  expect(received[0]).toBe("custom hello");
  expect([...(received[1] as Buffer)]).toEqual([5, 6]);

  const back = once(client, "message");
  socket.send("custom reply");
  expect(await back).toBe("custom reply");

  const closed = once<[string]>(socket, "close");
  client.close();
  expect((await closed)[0]).toBe("transport close");
  expect(running.engine.clientsCount).toBe(0);
});

test("the custom transport is refused when not registered, and the built-ins still work beside it", async () => {
  running = await startEngine();
  const res = await raw(running.port, "/engine.io/?EIO=4&transport=json-poll");
  expect(JSON.parse(res.text)).toEqual({ code: 0, message: "Transport unknown" });
  await running.stop();

  running = await startEngine({ transports: ["polling", JsonPoll] });
  const hs = await raw(running.port, "/engine.io/?EIO=4&transport=polling");
  expect(JSON.parse(hs.text.slice(1)).upgrades).toEqual([]); // websocket not accepted here
});

test("an upgrade transport whose constructor throws leaves no connection open", async () => {
  // The WebSocket transport, failing only for upgrades of an existing session (`sid` present).
  class RefusingUpgrades extends WebSocketTransport {
    constructor(init: TransportInit) {
      if (init.query.has("sid")) throw new Error("no upgrades here");
      super(init);
    }
  }
  running = await startEngine({ transports: ["polling", RefusingUpgrades] });
  const { sid } = await rawHandshake(running.port);
  const errors: ConnectionError[] = [];
  running.engine.on("connection_error", (e: ConnectionError) => errors.push(e));
  const ws = new WebSocket(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket&sid=${sid}`);
  ws.on("error", () => {});
  await once(ws, "close");
  expect(errors[0]).toMatchObject({ code: 3, context: { name: "TRANSPORT_HANDSHAKE_ERROR" } });
  // The session itself is untouched and still on polling.
  expect(running.engine.clients[sid]?.transport.name).toBe("polling");
  running.engine.clients[sid]?.close(true);
});
