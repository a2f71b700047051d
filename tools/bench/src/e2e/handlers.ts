// The handlers every server under test runs, identical for socketry and the official servers (and
// used by the load-client test). Handlers are created once per server, never per socket, so they
// add no per-connection closures to the memory figures.

export const ROOM = "room";

/** What the bench needs from a Socket.IO server: the API shared by socketry and socket.io 3/4. */
export interface BenchIo {
  on(event: "connection", listener: (socket: BenchSocket) => void): unknown;
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  engine: { clientsCount: number; on(event: "connection", listener: (raw: { request: unknown }) => void): unknown };
}

export interface BenchSocket {
  join(room: string): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the listener type of socket.io 3, socket.io 4 and socketry alike
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface HandlerOptions {
  /** every socket joins ROOM on connection (broadcast scenario only: rooms cost memory) */
  joinRoom: boolean;
  /** the official docs' tip, `io.engine.on("connection", (raw) => { raw.request = null })` */
  releaseRequest: boolean;
}

/** `echo` answers its ack with what it got (JSON or a Buffer); `fanout` broadcasts to ROOM as `tick`. */
export function installHandlers(io: BenchIo, options: HandlerOptions): void {
  const echo = (data: unknown, ack: unknown): void => {
    if (typeof ack === "function") ack(data);
  };
  const fanout = (data: unknown): void => {
    io.to(ROOM).emit("tick", data);
  };
  if (options.releaseRequest) {
    io.engine.on("connection", (raw) => {
      raw.request = null;
    });
  }
  io.on("connection", (socket) => {
    if (options.joinRoom) socket.join(ROOM);
    socket.on("echo", echo);
    socket.on("fanout", fanout);
  });
}
