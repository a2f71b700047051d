// Type-level tests: `expectTypeOf` runs under vitest, and every `@ts-expect-error` line is checked
// by `pnpm exec tsc -p tsconfig.test.json` (an unused one is itself an error).
import { describe, expect, expectTypeOf, it } from "vitest";
import { type BroadcastOperator, type Namespace, Server, type RemoteSocket, type Socket } from "../src/index.js";
import { connectPair, startServer, waitFor } from "./helpers.js";

interface ClientToServer {
  hello: (name: string) => void;
  sum: (a: number, b: number, ack: (total: number) => void) => void;
}
interface ServerToClient {
  news: (title: string, body: { text: string }) => void;
  ask: (question: string, ack: (answer: boolean) => void) => void;
}
interface BetweenServers {
  ping: (n: number) => void;
}
interface SocketData {
  user: string;
  age: number;
}

type TypedServer = Server<ClientToServer, ServerToClient, BetweenServers, SocketData>;
type TypedSocket = Socket<ClientToServer, ServerToClient, BetweenServers, SocketData>;

/** Only type-checked, never called: each line is a typing claim. */
function typeClaims(io: TypedServer, socket: TypedSocket): void {
  // Listening on a socket: user events and reserved events are typed.
  socket.on("hello", (name) => expectTypeOf(name).toEqualTypeOf<string>());
  socket.on("sum", (a, b, ack) => {
    expectTypeOf(a).toEqualTypeOf<number>();
    expectTypeOf(ack).toEqualTypeOf<(total: number) => void>();
  });
  socket.on("disconnect", (reason) => expectTypeOf(reason).toMatchTypeOf<string>());
  // @ts-expect-error: "hello" gives a string
  socket.on("hello", (name: number) => name);
  // @ts-expect-error: unknown event
  socket.on("nope", () => {});

  // Emitting to a socket.
  socket.emit("news", "title", { text: "body" });
  socket.emit("ask", "ok?", (answer) => expectTypeOf(answer).toEqualTypeOf<boolean>());
  // @ts-expect-error: wrong argument type
  socket.emit("news", 1, { text: "body" });
  // @ts-expect-error: missing argument
  socket.emit("news", "title");
  // @ts-expect-error: not an event of ServerToClient
  socket.emit("hello", "x");

  // timeout(): the acknowledgement gets an error first.
  socket.timeout(100).emit("ask", "q", (err, answer) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(answer).toEqualTypeOf<boolean>();
  });
  expectTypeOf(socket.emitWithAck("ask", "q")).toEqualTypeOf<Promise<boolean>>();
  expectTypeOf(socket.timeout(5).emitWithAck("ask", "q")).toEqualTypeOf<Promise<boolean>>();

  // Broadcasts: the acknowledgement gets every client's answer.
  io.emit("news", "t", { text: "b" });
  io.to("room").except("other").emit("news", "t", { text: "b" });
  io.timeout(100).emit("ask", "q", (err, answers) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(answers).toEqualTypeOf<boolean[]>();
  });
  expectTypeOf(io.emitWithAck("ask", "q")).toEqualTypeOf<Promise<boolean[]>>();
  // @ts-expect-error: wrong argument type in a broadcast
  io.to("room").emit("news", "t", { text: 1 });
  expectTypeOf(io.to("r")).toMatchTypeOf<BroadcastOperator<any, SocketData>>();

  // Connection events hand out typed sockets; socket.data is typed.
  io.on("connection", (s) => {
    expectTypeOf(s).toEqualTypeOf<TypedSocket>();
    expectTypeOf(s.data).toEqualTypeOf<SocketData>();
  });
  io.of("/admin").on("connect", (s) => expectTypeOf(s).toEqualTypeOf<TypedSocket>());
  io.on("new_namespace", (nsp) =>
    expectTypeOf(nsp).toEqualTypeOf<Namespace<ClientToServer, ServerToClient, BetweenServers, SocketData>>(),
  );
  io.use((s, next) => {
    expectTypeOf(s).toEqualTypeOf<TypedSocket>();
    next(new Error("x"));
  });
  // @ts-expect-error: data is typed
  socket.data = { user: 1, age: 2 };

  // Server-side events.
  io.serverSideEmit("ping", 1);
  io.on("ping", (n) => expectTypeOf(n).toEqualTypeOf<number>());
  // @ts-expect-error: wrong type for a server-side event
  io.serverSideEmit("ping", "1");

  // fetchSockets gives typed data.
  void io.fetchSockets().then((sockets) => {
    expectTypeOf(sockets).toEqualTypeOf<RemoteSocket<ServerToClient, SocketData>[]>();
    expectTypeOf(sockets[0]!.data).toEqualTypeOf<SocketData>();
  });
}

describe("typed events", () => {
  it("the type claims compile (tsc) and typed code runs unchanged", async () => {
    expect(typeof typeClaims).toBe("function");
    const ts = await startServer();
    const io = ts.io as unknown as TypedServer;
    try {
      io.on("connection", (socket) => {
        socket.data = { user: "ann", age: 3 };
        socket.on("sum", (a, b, ack) => ack(a + b));
      });
      const { client } = await connectPair(ts);
      expect(await client.emitWithAck("sum", 2, 5)).toBe(7);
      const [remote] = await io.fetchSockets();
      expect(remote!.data).toEqual({ user: "ann", age: 3 });
      const news = waitFor(client, "news");
      io.emit("news", "t", { text: "b" });
      expect(await news).toEqual(["t", { text: "b" }]);
    } finally {
      await ts.close();
    }
  });

  it("untyped servers accept any event", () => {
    const io = new Server();
    expectTypeOf(io.emit).parameter(0).toMatchTypeOf<string>();
    io.on("connection", (socket) => {
      socket.on("anything", (...args) => expectTypeOf(args).toEqualTypeOf<any[]>());
      socket.emit("whatever", 1, "two", { three: 3 });
    });
    expect(io.listenerCount("connection")).toBe(1);
  });
});
