import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "../src/index.js";
import { delay, nextConnection, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer({}, { allowEIO3: true });
});
afterEach(async () => {
  await ts.close();
});

describe("Socket.IO v2 clients (allowEIO3)", () => {
  it("are connected to the main namespace implicitly", async () => {
    const serverSide = nextConnection(ts.io);
    const client = ts.clientV2();
    const [socket] = await Promise.all([serverSide, waitFor(client, "connect")]);
    expect(socket.conn.protocol).toBe(3);
    expect(socket.id).toBe(client.id);
    expect(socket.id).toBe(socket.conn.id);
    expect(socket.handshake.query.EIO).toBe("3");
    expect(socket.handshake.auth).toEqual({});
  });

  it("exchange events, binary data and acks both ways", async () => {
    const serverSide = nextConnection(ts.io);
    const client = ts.clientV2();
    const [socket] = await Promise.all([serverSide, waitFor(client, "connect")]);
    socket.on("sum", (a: number, b: number, ack: (r: number) => void) => ack(a + b));
    expect(await new Promise((resolve) => client.emit("sum", 1, 2, resolve))).toBe(3);

    const bin = waitFor(socket, "bin");
    client.emit("bin", Buffer.from([1, 2]));
    expect([...((await bin)[0] as Buffer)]).toEqual([1, 2]);

    client.on("ask", (x: number, cb: (r: unknown) => void) => cb({ x, back: Buffer.from("ok") }));
    const answer = await socket.timeout(1000).emitWithAck("ask", 5);
    expect(answer.x).toBe(5);
    expect(Buffer.from(answer.back).toString()).toBe("ok");
  });

  it("carry the namespace query of CONNECT as handshake.auth", async () => {
    ts.io.of("/admin");
    const mainSide = nextConnection(ts.io, "/");
    const adminSide = nextConnection(ts.io, "/admin");
    const client = ts.clientV2("/admin", { query: { token: "abc" } });
    const [main, admin] = await Promise.all([mainSide, adminSide, waitFor(client, "connect")]);
    expect(main.nsp.name).toBe("/");
    expect(admin.nsp.name).toBe("/admin");
    expect({ ...admin.handshake.auth }).toEqual({ token: "abc" });
    expect(admin.handshake.query.token).toBe("abc");
    expect(main.conn).toBe(admin.conn);
    expect(admin.id).toBe(`/admin#${main.conn.id}`);
    expect(admin.id).toBe(client.id);
  });

  it("get a middleware refusal in the v2 format (the error's data, else its message)", async () => {
    ts.io.of("/data").use((_socket, next) => next(Object.assign(new Error("refused"), { data: { reason: "nope" } })));
    ts.io.of("/plain").use((_socket, next) => next(new Error("plain refusal")));
    const withData = ts.clientV2("/data");
    expect(await waitFor(withData, "error")).toEqual([{ reason: "nope" }]);
    const plain = ts.clientV2("/plain");
    expect(await waitFor(plain, "error")).toEqual(["plain refusal"]);
  });

  it("get 'Invalid namespace' as a bare string", async () => {
    const client = ts.clientV2("/missing");
    expect(await waitFor(client, "error")).toEqual(["Invalid namespace"]);
  });

  it("see the server's namespace disconnect and reach the disconnect handlers", async () => {
    const serverSide = nextConnection(ts.io);
    const client = ts.clientV2();
    const [socket] = (await Promise.all([serverSide, waitFor(client, "connect")])) as [Socket, unknown];
    const clientSide = waitFor(client, "disconnect");
    socket.disconnect();
    expect(await clientSide).toEqual(["io server disconnect"]);

    const again = nextConnection(ts.io);
    const other = ts.clientV2();
    const [second] = await Promise.all([again, waitFor(other, "connect")]);
    const gone = waitFor(second, "disconnect");
    other.close();
    expect((await gone)[0]).toMatch(/transport close|client namespace disconnect/);
  });

  it("receive broadcasts together with v4 clients", async () => {
    const v2 = ts.clientV2();
    await waitFor(v2, "connect");
    const v4 = ts.client();
    await waitFor(v4, "connect");
    const both = Promise.all([waitFor(v2, "news"), waitFor(v4, "news")]);
    ts.io.emit("news", { n: 1 }, Buffer.from("b"));
    const [[a1, a2], [b1, b2]] = await both;
    expect(a1).toEqual({ n: 1 });
    expect(b1).toEqual({ n: 1 });
    expect(Buffer.from(a2).toString()).toBe("b");
    expect(Buffer.from(b2).toString()).toBe("b");
    await delay(1);
  });
});
