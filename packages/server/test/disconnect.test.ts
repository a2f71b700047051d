import { Adapter } from "@socketry/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

/** An adapter that cannot close (its store is gone): "/" rejects, other namespaces throw at once. */
class FailingToClose extends Adapter {
  override close(): Promise<void> {
    if (this.nsp.name === "/") return Promise.reject(new Error("store unreachable"));
    throw new Error("store unreachable, at once");
  }
}

let ts: TestServer;
afterEach(async () => {
  await ts.close();
});

describe("disconnect reasons", () => {
  it("client namespace disconnect", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    const events: string[] = [];
    socket.on("disconnecting", (reason) => events.push(`disconnecting:${reason}`));
    const gone = waitFor(socket, "disconnect");
    client.disconnect();
    const [reason] = await gone;
    expect(reason).toBe("client namespace disconnect");
    expect(events).toEqual(["disconnecting:client namespace disconnect"]);
    expect(socket.connected).toBe(false);
    expect(socket.disconnected).toBe(true);
    expect(ts.io.sockets.sockets.size).toBe(0);
  });

  it("server namespace disconnect keeps the engine session for other namespaces", async () => {
    ts = await startServer();
    ts.io.of("/other");
    const { client, socket } = await connectPair(ts);
    const other = client.io.socket("/other"); // connects by itself (autoConnect)
    await waitFor(other, "connect");
    const clientSide = waitFor(client, "disconnect");
    const serverSide = waitFor(socket, "disconnect");
    socket.disconnect();
    expect(await serverSide).toEqual(["server namespace disconnect", undefined]);
    expect(await clientSide).toEqual(["io server disconnect", undefined]);
    expect(socket.conn.readyState).toBe("open");
    expect(other.connected).toBe(true);
    expect(socket.emit("after")).toBe(false);
    other.disconnect();
  });

  it("disconnect(true) closes the engine session", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    const serverSide = waitFor(socket, "disconnect");
    const clientSide = waitFor(client, "disconnect");
    socket.disconnect(true);
    expect(await serverSide).toEqual(["server namespace disconnect", undefined]);
    await clientSide;
    await delay(20);
    expect(socket.conn.readyState).not.toBe("open");
  });

  it("transport close when the client's engine goes away", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    const gone = waitFor(socket, "disconnect");
    client.io.engine.close();
    expect((await gone)[0]).toBe("transport close");
  });

  it("ping timeout when the client stops answering the heartbeat", async () => {
    ts = await startServer({}, { pingInterval: 40, pingTimeout: 40 });
    const raw = await ts.raw();
    await raw.connect();
    const [socket] = [...ts.io.sockets.sockets.values()];
    raw.answerPings = false;
    const [reason] = await waitFor(socket!, "disconnect");
    expect(reason).toBe("ping timeout");
  });

  it("server shutting down on io.close(), and the engine closes its sessions", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    const serverSide = waitFor(socket, "disconnect");
    const clientSide = waitFor(client, "disconnect");
    await ts.io.close();
    expect((await serverSide)[0]).toBe("server shutting down");
    await clientSide;
    expect(ts.io.sockets.sockets.size).toBe(0);
  });

  it("the disconnect event is emitted once", async () => {
    ts = await startServer();
    const { client, socket } = await connectPair(ts);
    let count = 0;
    socket.on("disconnect", () => count++);
    socket.disconnect();
    socket.disconnect();
    client.disconnect();
    await delay(50);
    expect(count).toBe(1);
  });
});

describe("connectTimeout", () => {
  it("closes an engine session that joins no namespace in time", async () => {
    ts = await startServer({ connectTimeout: 60 });
    const raw = await ts.raw();
    const code = await raw.closed;
    expect(raw.isClosed).toBe(true);
    expect(typeof code).toBe("number");
  });

  it("keeps a session that joined a namespace", async () => {
    ts = await startServer({ connectTimeout: 60 });
    const raw = await ts.raw();
    expect(await raw.connect()).toMatch(/^0\{"sid":"/);
    await delay(150);
    expect(raw.isClosed).toBe(false);
  });

  it("io.connectTimeout() reads and sets the value", async () => {
    ts = await startServer();
    expect(ts.io.connectTimeout()).toBe(45_000);
    expect(ts.io.connectTimeout(50)).toBe(ts.io);
    const raw = await ts.raw();
    await raw.closed;
    expect(raw.isClosed).toBe(true);
  });
});

describe("shutdown", () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

  it("io.close() closes the engine even when adapters fail to close, and resolves", async () => {
    ts = await startServer({ adapter: FailingToClose as never });
    ts.io.of("/other");
    const { client } = await connectPair(ts);
    const gone = waitFor(client, "disconnect");
    await expect(ts.io.close()).resolves.toBeUndefined();
    await gone;
    expect(ts.engine.clientsCount).toBe(0);
  });

  it("io.close() leaves no timer behind (connect timeouts, ack timeouts)", async () => {
    const before = timers();
    ts = await startServer({ connectTimeout: 60_000 });
    const raw = await ts.raw(); // an engine session that joined nothing: its connect timer runs
    const { client, socket } = await connectPair(ts);
    client.on("never", () => {});
    const pending = socket
      .timeout(60_000)
      .emitWithAck("never")
      .catch((err: { code?: string }) => err.code);
    expect(timers()).toBeGreaterThan(before);
    raw.close();
    await ts.close();
    expect(await pending).toBe("ERR_SERVER_SOCKET_DISCONNECTED");
    for (let i = 0; i < 50 && timers() > before; i++) await delay(10);
    // Timers of earlier tests may have ended meanwhile: none of ours may remain.
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
