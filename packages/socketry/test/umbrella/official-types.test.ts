// Code typed as the official socket.io documentation types it compiles unchanged against
// socketry, with the same strictness: what the official types reject is rejected here too. The
// claims are checked by `pnpm exec tsc -p tsconfig.test.json` (an unused `@ts-expect-error` is an
// error itself); vitest only runs the small runtime check at the end.
import { Adapter, SessionAwareAdapter } from "@socketry/adapter";
import { createServer } from "node:http";
import { expect, expectTypeOf, test } from "vitest";
import { Server, type Event, type ExtendedError, type Namespace, type RemoteSocket, type Socket } from "socketry";

interface ServerToClientEvents {
  noArg: () => void;
  basicEmit: (a: number, b: string, c: Buffer) => void;
  withAck: (d: string, callback: (e: number) => void) => void;
}
interface ClientToServerEvents {
  hello: () => void;
  withAck: (d: string, callback: (e: number) => void) => void;
}
interface InterServerEvents {
  ping: () => void;
  withAck: (callback: (n: number) => void) => void;
}
interface SocketData {
  name: string;
  age: number;
}

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The `adapter` option and io.adapter(): a class or a factory `(nsp) => Adapter`, as officially. */
function adapterClaims(): void {
  new Server({ adapter: Adapter });
  new Server({ adapter: SessionAwareAdapter, connectionStateRecovery: {} });
  new Server({ adapter: (nsp: Namespace) => new Adapter(nsp) });
  const io = new Server();
  io.adapter((nsp: Namespace) => new Adapter(nsp));
  io.adapter(Adapter);
  new Server({ connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true } });
  // @ts-expect-error: skipMiddlewares is a boolean
  new Server({ connectionStateRecovery: { skipMiddlewares: "yes" } });
}

/** Typed events: the official examples, and what the official types refuse. */
function eventClaims(io: TypedServer): void {
  io.on("connection", (socket) => {
    socket.emit("noArg");
    socket.emit("basicEmit", 1, "2", Buffer.from([3]));
    socket.emit("withAck", "4", (e) => {
      expectTypeOf(e).toEqualTypeOf<number>();
    });
    // @ts-expect-error: unknown event name
    socket.emit("unknown");
    // @ts-expect-error: wrong argument type
    socket.emit("basicEmit", "1", "2", Buffer.from([3]));
    // @ts-expect-error: missing arguments
    socket.emit("basicEmit", 1);

    socket.on("hello", () => {});
    socket.on("withAck", (d, callback) => {
      expectTypeOf(d).toEqualTypeOf<string>();
      callback(42);
      // @ts-expect-error: the callback takes a number
      callback("42");
    });
    // @ts-expect-error: unknown event name
    socket.on("unknown", () => {});
    // @ts-expect-error: too many listener parameters
    socket.on("hello", (a: string, b: number) => {});
    // @ts-expect-error: wrong listener parameter type
    socket.on("withAck", (d: number) => {});

    // timeout(): ack callbacks are (err, ...args); emitWithAck resolves to the ack's type.
    socket.timeout(1000).emit("withAck", "4", (err, e) => {
      expectTypeOf(err).toEqualTypeOf<Error>();
      expectTypeOf(e).toEqualTypeOf<number>();
    });
    expectTypeOf(socket.emitWithAck("withAck", "4")).toEqualTypeOf<Promise<number>>();
    expectTypeOf(socket.timeout(1000).emitWithAck("withAck", "4")).toEqualTypeOf<Promise<number>>();

    expectTypeOf(socket.data.name).toEqualTypeOf<string>();
    expectTypeOf(socket.recovered).toEqualTypeOf<boolean>();
    socket.onAny((event, ...args) => {
      void event;
      void args;
    });
    socket.use(([event, ...args], next) => {
      void event;
      void args;
      next();
    });
    socket.on("disconnect", (reason) => {
      expectTypeOf(reason).toMatchTypeOf<string>();
    });
  });

  io.emit("noArg");
  io.to("room1").emit("basicEmit", 1, "2", Buffer.from([3]));
  io.to("room1").except("room2").volatile.emit("noArg");
  // @ts-expect-error: unknown event name
  io.emit("unknown");
  // @ts-expect-error: without timeout(), a namespace emit takes no acknowledgement (as officially)
  io.emit("withAck", "4", () => {});
  // Without timeout(), a broadcast's ack keeps its declared type (as officially).
  io.to("room").emit("withAck", "4", (e) => {
    expectTypeOf(e).toEqualTypeOf<number>();
  });
  // From a socket, an ack declared (err, answer) gets the list of answers.
  io.on("connection", (socket) => {
    socket.broadcast.emit("noArg");
    // @ts-expect-error: not a server-to-client event
    socket.broadcast.emit("hello");
  });
  void io.fetchSockets().then(([remote]) => {
    remote?.timeout(1000).emit("withAck", "4", (err, e) => {
      expectTypeOf(err).toEqualTypeOf<Error>();
      expectTypeOf(e).toEqualTypeOf<number>();
    });
  });
  // A broadcast's ack gets every answer: (err, responses[]).
  io.timeout(1000).emit("withAck", "4", (err, responses) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(responses).toEqualTypeOf<number[]>();
  });
  expectTypeOf(io.timeout(1000).emitWithAck("withAck", "4")).toEqualTypeOf<Promise<number[]>>();
  expectTypeOf(io.to("room").timeout(1000).emitWithAck("withAck", "4")).toEqualTypeOf<Promise<number[]>>();

  io.serverSideEmit("ping");
  io.serverSideEmit("withAck", (err, responses) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(responses).toEqualTypeOf<number[]>();
  });
  expectTypeOf(io.serverSideEmitWithAck("withAck")).toEqualTypeOf<Promise<number[]>>();
  // @ts-expect-error: not an inter-server event
  io.serverSideEmit("hello");
  io.on("ping", () => {});

  io.use((socket, next) => {
    expectTypeOf(socket.handshake.auth).toEqualTypeOf<{ [key: string]: any }>();
    next(new Error("unauthorized"));
  });
  io.of("/admin").use((_socket, next) => next());

  void io.fetchSockets().then((sockets) => {
    expectTypeOf(sockets).toEqualTypeOf<RemoteSocket<ServerToClientEvents, SocketData>[]>();
    for (const socket of sockets) {
      socket.emit("noArg");
      expectTypeOf(socket.data.age).toEqualTypeOf<number>();
      socket.join("room");
    }
  });
  void io.in("room").fetchSockets();
  io.in("room").socketsJoin("other");
  io.in("room").disconnectSockets(true);
}

/** Everyday API the official docs show, typed as there. */
function everydayClaims(io: TypedServer): void {
  io.engine.on("connection_error", (err: { req: unknown; code: number; message: string; context: unknown }) => {
    void err;
  });
  io.of(/^\/dynamic-\d+$/).on("connection", (socket) => {
    expectTypeOf(socket.nsp.name).toEqualTypeOf<string>();
  });
  io.on("connection", (socket) => {
    socket.broadcast.emit("noArg");
    socket.to("room").emit("noArg");
    io.local.emit("noArg");
    socket.conn.on("upgrade", () => {});
    expectTypeOf(socket.conn.transport.name).toEqualTypeOf<string>();
    expectTypeOf(socket.rooms).toEqualTypeOf<Set<string>>();
    void io.sockets.sockets.get(socket.id);
    void socket.handshake.query;
    void socket.join(["a", "b"]);
    socket.disconnect(true);
  });
  expectTypeOf(io.close()).toEqualTypeOf<Promise<void>>();
}

/** The official names for middleware types: `ExtendedError` (connect_error's `data`) and `Event`. */
function middlewareTypeClaims(io: TypedServer): void {
  io.use((socket, next: (err?: ExtendedError) => void) => {
    if (socket.handshake.auth.token) return next();
    const err: ExtendedError = new Error("not authorized");
    err.data = { content: "please retry later" };
    next(err);
  });
  io.on("connection", (socket) => {
    socket.use((event: Event, next) => {
      expectTypeOf(event[0]).toEqualTypeOf<string>();
      next();
    });
    socket.use(([event, ...args], next) => {
      expectTypeOf(event).toEqualTypeOf<string>();
      next(args.length > 3 ? new Error("too many arguments") : undefined);
    });
  });
}

/** The untyped forms stay open: any event name, any arguments. */
function untypedClaims(io: Server, socket: Socket): void {
  io.emit("anything", 1, "two", { three: 3 });
  socket.emit("anything", (answer: unknown) => answer);
  socket.on("anything", (...args: unknown[]) => args);
  io.timeout(100).emit("anything", (err: Error, responses: unknown[]) => [err, responses]);
}

void adapterClaims;
void eventClaims;
void untypedClaims;
void everydayClaims;
void middlewareTypeClaims;

test("a factory adapter option gives every namespace its own adapter from the factory", async () => {
  const made: string[] = [];
  const io = new Server(createServer(), {
    adapter: (nsp: Namespace) => {
      made.push(nsp.name);
      return new Adapter(nsp);
    },
  });
  io.of("/admin");
  expect(made).toEqual(["/", "/admin"]);
  expect(io.of("/admin").adapter).toBeInstanceOf(Adapter);
  await io.close();
});
