// The seed's initialisation forms on plain HTTP: `new Server(httpServer, opts)`, the default
// export called as a function with (httpServer, opts), with (opts) then `io.listen(port)`, and with
// (port, opts) and the implicit `io.httpServer`. Each form must honour its options: every test
// passes some and reads them back from the handshake or the server.
import { createServer, type Server as HttpServer } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import io, { Server } from "socketry";
import { httpGet, listenLocal, pollingHandshake, roundTrip, userRoute, withTimeout } from "./helpers.js";

let opened: Server | undefined;
afterEach(async () => {
  await withTimeout(opened?.close() ?? Promise.resolve(), 5_000, "io.close()");
  opened = undefined;
});

const OPTIONS = { pingInterval: 12_345, connectTimeout: 4_321, maxHttpBufferSize: 5_000 };

/** The options of OPTIONS as a client and the server see them. */
async function expectOptionsHonoured(server: Server, port: number): Promise<void> {
  const open = await pollingHandshake(port);
  expect(open.pingInterval).toBe(OPTIONS.pingInterval);
  expect(open.maxPayload).toBe(OPTIONS.maxHttpBufferSize);
  expect(server.connectTimeout()).toBe(OPTIONS.connectTimeout);
}

describe("attached to an http server", () => {
  const forms: Array<[string, (http: HttpServer) => Server]> = [
    ["new Server(httpServer, opts)", (http) => new Server(http, OPTIONS)],
    ["io(httpServer, opts), the default export as a function", (http) => io(http, OPTIONS)],
    ["io(opts).attach(httpServer)", (http) => io(OPTIONS).attach(http)],
  ];
  test.each(forms)("%s", async (_name, create) => {
    const http = createServer(userRoute as never);
    opened = create(http);
    expect(opened).toBeInstanceOf(Server);
    expect(opened.httpServer).toBe(http);
    await listenLocal(http);
    const port = (http.address() as AddressInfo).port;
    await expectOptionsHonoured(opened, port);
    await roundTrip(opened, `http://127.0.0.1:${port}`);
    expect((await httpGet(port, "/hello")).text).toBe("world");
    expect((await httpGet(port, "/socket.io/socket.io.js")).status).toBe(200);
  });

  test("the caller's options object is not modified", async () => {
    const given = { ...OPTIONS, path: "/p/" };
    const frozen = structuredClone(given);
    const http = createServer();
    opened = io(http, given);
    expect(given).toEqual(frozen);
  });
});

describe("standalone: the port forms", () => {
  // A bare port binds every interface in Node: keep these tests on loopback by giving such
  // listen() calls the host 127.0.0.1, in this file only, restored afterwards.
  const originalListen = net.Server.prototype.listen;
  beforeAll(() => {
    net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
      if (typeof args[0] === "number" && (args.length === 1 || typeof args[1] === "function"))
        args.splice(1, 0, "127.0.0.1");
      return (originalListen as (...a: unknown[]) => net.Server).apply(this, args);
    } as typeof net.Server.prototype.listen;
  });
  afterAll(() => {
    net.Server.prototype.listen = originalListen;
  });

  async function listeningPort(server: Server): Promise<number> {
    const http = server.httpServer as HttpServer;
    if (!http.listening) await new Promise((resolve) => http.once("listening", resolve));
    const address = http.address() as AddressInfo;
    expect(address.address).toBe("127.0.0.1");
    return address.port;
  }

  const forms: Array<[string, () => Server]> = [
    ["io(opts) then io.listen(port)", () => io(OPTIONS).listen(0)],
    ["io(port, opts) with io.httpServer", () => io(0, OPTIONS)],
    ["new Server(port, opts)", () => new Server(0, OPTIONS)],
  ];
  test.each(forms)("%s", async (_name, create) => {
    opened = create();
    expect(opened.httpServer).toBeDefined();
    const port = await listeningPort(opened);
    await expectOptionsHonoured(opened, port);
    await roundTrip(opened, `http://127.0.0.1:${port}`);
    // The implicit server serves the bundles and nothing else of its own.
    expect((await httpGet(port, "/socket.io/socket.io.min.js")).status).toBe(200);
    expect((await httpGet(port, "/hello")).status).toBe(404);
  });

  test("io.close() closes the implicit http server", async () => {
    const server = io(0, OPTIONS);
    const port = await listeningPort(server);
    await withTimeout(server.close(), 5_000, "io.close()");
    expect((server.httpServer as HttpServer).listening).toBe(false);
    await expect(httpGet(port, "/socket.io/?EIO=4&transport=polling")).rejects.toThrow(/ECONNREFUSED/);
  });
});
