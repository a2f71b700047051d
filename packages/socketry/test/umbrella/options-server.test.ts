// The Socket.IO-level options reach their component through the umbrella: path, connectTimeout,
// parser, adapter, and allowEIO3 (which the engine owns, seen from a v2 client). serveClient is
// covered in serve-client.test.ts.
import { Adapter, type BroadcastOptions } from "@socketry/adapter";
import * as msgpackParser from "@socketry/msgpack-parser";
import { Socket as EngineClient } from "engine.io-client";
import { afterEach, describe, expect, test } from "vitest";
import { emitAck, pair, pollingHandshake, startIo, waitFor, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe("path", () => {
  test("a client with the same custom path connects; one on the default path does not", async () => {
    r = await startIo({ path: "/my-custom-path/" });
    const good = r.v4("/", { path: "/my-custom-path/" });
    await pair(r.io, good);
    const wrong = r.v4("/", { path: "/socket.io/" });
    const [err] = await waitFor<[Error]>(wrong, "connect_error");
    expect(err).toBeInstanceOf(Error);
    expect((await pollingHandshake(r.port, "/my-custom-path/")).sid).toMatch(/\S/);
  });
});

describe("connectTimeout", () => {
  test("an engine session that joins no namespace in time is closed; one that joins stays", async () => {
    r = await startIo({ connectTimeout: 300 });
    // A bare Engine.IO client never sends a Socket.IO CONNECT.
    const bare = new EngineClient(r.url(), { path: "/socket.io/", transports: ["websocket"] });
    try {
      await waitFor(bare, "open");
      const [reason] = await waitFor(bare, "close", 3_000);
      expect(reason).toBe("transport close");
    } finally {
      bare.close();
    }
    const joined = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
    // Outlives the timeout: an ack round trip after it still works.
    await new Promise((resolve) => setTimeout(resolve, 400));
    joined.socket.on("ping?", (ack: (v: string) => void) => ack("pong!"));
    expect(await emitAck(joined.client, "ping?")).toEqual(["pong!"]);
  });
});

describe("parser", () => {
  test("@socketry/msgpack-parser on both sides: events, binary and acks travel as MessagePack", async () => {
    r = await startIo({ parser: msgpackParser });
    const client = r.v4("/", { parser: msgpackParser, transports: ["websocket"] });
    const { socket } = await pair(r.io, client);
    expect(r.io._parser).toBe(msgpackParser);
    const frames: unknown[] = [];
    socket.conn.on("packetCreate", (packet: { type: string; data?: unknown }) => {
      if (packet.type === "message") frames.push(packet.data);
    });
    socket.on("echo", (value: { bin: Uint8Array; n: number }, ack: (v: unknown) => void) =>
      ack({ n: value.n * 2, bin: value.bin }),
    );
    const [answer] = (await emitAck(client, "echo", { n: 21, bin: Buffer.from([7, 8]) })) as [
      { n: number; bin: Uint8Array },
    ];
    expect(answer.n).toBe(42);
    expect([...answer.bin]).toEqual([7, 8]);
    // The ack went out as one binary MessagePack frame, not JSON text.
    expect(frames.length).toBe(1);
    expect(frames[0]).toBeInstanceOf(Uint8Array);
  });

  test("a client on the default parser cannot talk to a msgpack server", async () => {
    r = await startIo({ parser: msgpackParser });
    const client = r.v4("/", { transports: ["websocket"] });
    const outcome = await Promise.race([
      waitFor(client, "connect").then(() => "connected"),
      waitFor(client, "connect_error").then(() => "refused"),
      waitFor(client, "disconnect").then(() => "refused"),
    ]).catch(() => "no answer");
    expect(outcome).toBe("refused");
  });
});

describe("adapter", () => {
  class CountingAdapter extends Adapter {
    static broadcasts: string[] = [];
    override broadcast(packet: Parameters<Adapter["broadcast"]>[0], opts: BroadcastOptions): void {
      CountingAdapter.broadcasts.push(`${this.nsp.name}:${[...opts.rooms].join(",")}`);
      super.broadcast(packet, opts);
    }
  }

  test("a custom subclass of @socketry/adapter's Adapter is used for every namespace", async () => {
    CountingAdapter.broadcasts = [];
    r = await startIo({ adapter: CountingAdapter });
    expect(r.io.of("/").adapter).toBeInstanceOf(CountingAdapter);
    expect(r.io.of("/other").adapter).toBeInstanceOf(CountingAdapter);
    const { client, socket } = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
    socket.join("lobby");
    const got = waitFor(client, "hello");
    r.io.to("lobby").emit("hello", "lobby");
    expect(await got).toEqual(["lobby"]);
    expect(CountingAdapter.broadcasts).toEqual(["/:lobby"]);
    expect(r.io.of("/").adapter.rooms.get("lobby")?.has(socket.id)).toBe(true);
  });
});

describe("allowEIO3", () => {
  test("a v2 client is refused by default", async () => {
    r = await startIo();
    const client = r.v2("/", { transports: ["websocket"] });
    await waitFor(client, "connect_error");
    expect(r.io.of("/").sockets.size).toBe(0);
  });

  test("a v2 client connects with allowEIO3: true", async () => {
    r = await startIo({ allowEIO3: true });
    const { socket } = await pair(r.io, r.v2("/", { transports: ["websocket"] }));
    expect(socket.conn.protocol).toBe(3);
  });
});
