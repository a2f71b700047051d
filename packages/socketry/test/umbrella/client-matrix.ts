// The scenarios every official client major must pass against the umbrella (one test file per
// major calls this): connection and upgrade, acks both ways with binary, rooms and broadcasts
// with except, namespaces, a middleware refusal with its data, disconnect reasons. The core
// server's own suite covers the details; this checks the assembled package end to end.
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Socket } from "socketry";
import { emitAck, pair, startIo, until, waitFor, type AnyClient, type Running } from "./helpers.js";

export interface ClientMajor {
  /** 2, 3 or 4: the socket.io-client major. */
  major: 2 | 3 | 4;
  /** Creates a client of this major on `r`. */
  connect(r: Running, nsp?: string, opts?: Record<string, unknown>): AnyClient & { id?: string };
}

/** What a client of this major reports for a middleware refusal carrying `data`. */
async function refusal(major: ClientMajor["major"], client: AnyClient): Promise<{ message?: string; data: unknown }> {
  if (major === 2) {
    // v2 clients get an "error" event whose payload is the error's data.
    const [data] = await waitFor(client, "error");
    return { data };
  }
  const [err] = await waitFor<[Error & { data?: unknown }]>(client, "connect_error");
  return { message: err.message, data: err.data };
}

export function clientMatrix(clientMajor: ClientMajor): void {
  const { major } = clientMajor;
  const engineProtocol = major === 2 ? 3 : 4;
  let r: Running;
  beforeEach(async () => {
    r = await startIo({ allowEIO3: major === 2, pingInterval: 10_000 });
  });
  afterEach(async () => {
    await r.close();
  });
  const connect = (nsp?: string, opts?: Record<string, unknown>) => clientMajor.connect(r, nsp, opts);

  test("connects over polling and upgrades to websocket", async () => {
    const { socket } = await pair(r.io, connect("/"));
    expect(socket.conn.protocol).toBe(engineProtocol);
    expect(socket.handshake.query.EIO).toBe(String(engineProtocol));
    await until(() => socket.conn.transport.name === "websocket");
  });

  test("acknowledgements both ways, with binary payloads", async () => {
    const client = connect("/", { transports: ["websocket"] });
    const { socket } = await pair(r.io, client);
    socket.on("echo", (payload: { n: number; bin: Buffer }, ack: (...args: unknown[]) => void) => {
      ack({ n: payload.n + 1, bin: Buffer.concat([payload.bin, Buffer.from([9])]) }, "text");
    });
    const [answer, text] = (await emitAck(client, "echo", { n: 1, bin: Buffer.from([1, 2]) })) as [
      { n: number; bin: Uint8Array },
      string,
    ];
    expect(answer.n).toBe(2);
    expect([...Buffer.from(answer.bin)]).toEqual([1, 2, 9]);
    expect(text).toBe("text");

    client.on("double", (bin: Uint8Array, ack: (back: Buffer) => void) =>
      ack(Buffer.concat([Buffer.from(bin), Buffer.from(bin)])),
    );
    const back = (await socket.timeout(5_000).emitWithAck("double", Buffer.from("ab"))) as Uint8Array;
    expect(Buffer.from(back).toString()).toBe("abab");
  });

  test("rooms and broadcasts with except", async () => {
    // One at a time: each pair() takes the next "connection" on the server.
    const a = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const b = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const c = await pair(r.io, connect("/", { transports: ["websocket"] }));
    for (const { socket } of [a, b, c]) socket.join("room");
    b.socket.join("muted");
    // Per-client order is kept, so the first event after these broadcasts shows who got what.
    const firsts = Promise.all([a, b, c].map(({ client }) => waitFor(client, "news")));
    r.io.to("room").except("muted").emit("news", "room except muted");
    a.socket.broadcast.emit("news", "broadcast from a");
    r.io.emit("news", "everyone");
    expect((await firsts).map(([value]) => value as string)).toEqual([
      "room except muted",
      "broadcast from a",
      "room except muted",
    ]);
    expect(r.io.of("/").adapter.rooms.get("room")?.size).toBe(3);
  });

  test("namespaces, static and dynamic, are isolated from each other", async () => {
    r.io.of("/chat");
    const teams = r.io.of(/^\/team-\d+$/);
    const main = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const chat = await pair(r.io, connect("/chat", { transports: ["websocket"] }), "/chat");
    const team = connect("/team-7", { transports: ["websocket"] });
    const [[teamSocket]] = await Promise.all([waitFor<[Socket]>(teams, "connection"), waitFor(team, "connect")]);
    expect(chat.socket.nsp.name).toBe("/chat");
    expect(teamSocket.nsp.name).toBe("/team-7");
    // Each client records every "where" until its namespace says "end" (sent last everywhere).
    const heard = [main.client, chat.client, team].map((client) => {
      const seen: string[] = [];
      client.on("where", (where: string) => seen.push(where));
      return waitFor(client, "end").then(() => seen);
    });
    for (const [nsp, where] of [
      ["/", "main"],
      ["/chat", "chat"],
      ["/team-7", "team"],
    ] as const)
      r.io.of(nsp).emit("where", where);
    for (const nsp of ["/", "/chat", "/team-7"]) r.io.of(nsp).emit("end");
    expect(await Promise.all(heard)).toEqual([["main"], ["chat"], ["team"]]);
  });

  test("a middleware refusal reaches the client with its data", async () => {
    r.io.of("/guarded").use((_socket, next) => next(Object.assign(new Error("not allowed"), { data: { code: 42 } })));
    const client = connect("/guarded", { transports: ["websocket"] });
    const got = await refusal(major, client);
    expect(got.data).toEqual({ code: 42 });
    if (major !== 2) expect(got.message).toBe("not allowed");
    expect(r.io.of("/guarded").sockets.size).toBe(0);
  });

  test("disconnect reasons on both sides", async () => {
    const kicked = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const serverReason = waitFor(kicked.socket, "disconnect");
    const clientReason = waitFor(kicked.client, "disconnect");
    kicked.socket.disconnect();
    expect((await clientReason)[0]).toBe("io server disconnect");
    expect((await serverReason)[0]).toBe("server namespace disconnect");

    const leaving = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const leftReason = waitFor(leaving.socket, "disconnect");
    leaving.client.disconnect();
    // A v2 client leaving "/" closes its whole connection; v3+ send a namespace disconnect first.
    expect((await leftReason)[0]).toMatch(
      major === 2 ? /client namespace disconnect|transport close/ : /^client namespace disconnect$/,
    );

    const dropped = await pair(r.io, connect("/", { transports: ["websocket"] }));
    const droppedServer = waitFor(dropped.socket, "disconnect");
    const droppedClient = waitFor(dropped.client, "disconnect");
    dropped.socket.conn.close();
    expect((await droppedServer)[0]).toBe("forced close");
    expect((await droppedClient)[0]).toBe("transport close");
  });
}
