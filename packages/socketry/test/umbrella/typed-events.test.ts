// The seed's TypeScript form through the umbrella: `import { Server, Socket } from "socketry"`,
// with typed events (the four generic parameters) and the untyped `(socket: Socket) => …` handler.
// The typing claims are checked by `pnpm exec tsc -p tsconfig.test.json` (an unused
// `@ts-expect-error` is itself an error); the runtime part runs under vitest with a v4 client.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as ioV4, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, expect, expectTypeOf, test } from "vitest";
import io, { Server, Socket, type ServerOptions } from "socketry";
import { listenLocal, waitFor, withTimeout } from "./helpers.js";

interface ClientToServerEvents {
  sum: (a: number, b: number, ack: (total: number) => void) => void;
  hello: (name: string) => void;
}
interface ServerToClientEvents {
  news: (title: string, body: { text: string }) => void;
}
interface InterServerEvents {
  ping: () => void;
}
interface SocketData {
  user: string;
}

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Only type-checked, never called: each line is a claim about the umbrella's exported types. */
function typeClaims(typed: TypedServer): void {
  typed.on("connection", (socket) => {
    expectTypeOf(socket).toEqualTypeOf<
      Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
    >();
    socket.on("sum", (a, b, ack) => {
      expectTypeOf(a).toEqualTypeOf<number>();
      ack(a + b);
    });
    socket.emit("news", "title", { text: "body" });
    expectTypeOf(socket.data.user).toEqualTypeOf<string>();
    // @ts-expect-error: "news" takes a title and a body
    socket.emit("news", "title");
    // @ts-expect-error: not a server-to-client event
    socket.emit("sum", 1, 2);
    // @ts-expect-error: "hello" gives a string
    socket.on("hello", (name: number) => name);
    // @ts-expect-error: socket.data is SocketData
    socket.data.user = 42;
  });
  typed.to("room").emit("news", "t", { text: "b" });
  typed.serverSideEmit("ping");
  // @ts-expect-error: not an inter-server event
  typed.serverSideEmit("pong");
  // The default export builds the same class.
  expectTypeOf(io()).toEqualTypeOf<Server>();
}

/** Only type-checked, never called: the options of every component are typed, not just accepted. */
function optionClaims(): void {
  const httpServer = createServer();
  const options: ServerOptions = {
    path: "/my-custom-path/",
    connectTimeout: 45_000,
    pingTimeout: 5_000,
    cors: { origin: ["https://example.com"], credentials: true },
    cookie: { name: "my-cookie", httpOnly: true, sameSite: "strict", maxAge: 86_400 },
    allowRequest: (req, callback) => callback(null, req.headers.origin !== undefined),
    httpCompression: { threshold: 2_048 },
    perMessageDeflate: { threshold: 2_048 },
    wsEngine: "ws",
  };
  new Server(httpServer, options);
  io(3_000, { allowEIO3: true });
  // @ts-expect-error: pingInterval is a number of ms
  new Server(httpServer, { pingInterval: "25s" });
  // @ts-expect-error: httpCompression is a boolean or zlib options
  io(httpServer, { httpCompression: "gzip" });
  // @ts-expect-error: wsEngine is "ws" or a class
  io({ wsEngine: 42 });
}
void optionClaims;
void typeClaims;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

test("the seed's TypeScript form: new Server(httpServer) and (socket: Socket) => …", async () => {
  const httpServer = createServer();
  const server = new Server(httpServer, {});
  const seen: Socket[] = [];
  server.on("connection", (socket: Socket) => {
    seen.push(socket);
  });
  await listenLocal(httpServer);
  close = () => withTimeout(server.close(), 5_000, "io.close()");
  const client = ioV4(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, {
    forceNew: true,
    reconnection: false,
  });
  try {
    await waitFor(client, "connect");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Socket);
  } finally {
    client.disconnect();
  }
});

test("typed events work at run time with a typed v4 client", async () => {
  const httpServer = createServer();
  const typed: TypedServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(
    httpServer,
  );
  typed.on("connection", (socket) => {
    socket.data.user = "ada";
    socket.on("sum", (a, b, ack) => ack(a + b));
    socket.emit("news", `welcome ${socket.data.user}`, { text: "hi" });
  });
  await listenLocal(httpServer);
  close = () => withTimeout(typed.close(), 5_000, "io.close()");
  const client: ClientSocket<ServerToClientEvents, ClientToServerEvents> = ioV4(
    `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    { forceNew: true, reconnection: false, transports: ["websocket"] },
  );
  try {
    const news = waitFor<[string, { text: string }]>(client, "news");
    expect(await client.timeout(5_000).emitWithAck("sum", 2, 40)).toBe(42);
    expect(await news).toEqual(["welcome ada", { text: "hi" }]);
  } finally {
    client.disconnect();
  }
});
