import { describe, expect, test } from "vitest";
import { DEFAULTS, Server, type ServerOptions } from "../src/index.js";
import { FakeTransport } from "./fake-transport.js";

const registry = { fake: FakeTransport };

describe("options", () => {
  test("defaults are the seed's values", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    expect(server.opts).toMatchObject({
      pingTimeout: 5000,
      pingInterval: 25000,
      upgradeTimeout: 10000,
      maxHttpBufferSize: 1e6,
      allowUpgrades: true,
      allowEIO3: false,
      cookie: false,
    });
    expect(server.opts).not.toHaveProperty("httpCompression");
    expect(DEFAULTS.transports).toEqual(["polling", "websocket"]);
    expect(Object.isFrozen(server.opts)).toBe(true);
  });

  test("a transport class's defaults join the resolved options, under the caller's values", () => {
    class WithDefaults extends FakeTransport {
      static override readonly transportName: string = "with-defaults";
      static readonly defaults = Object.freeze({ knob: 1, other: "a" });
    }
    const server = new Server({ transports: [WithDefaults], other: "b" }, registry);
    expect(server.opts).toMatchObject({ knob: 1, other: "b" });
  });

  test("the caller's options object is not mutated", () => {
    const options: ServerOptions = { transports: ["fake"], cookie: { name: "sid" } };
    const copy = structuredClone(options);
    const server = new Server(options, registry);
    expect(options).toEqual(copy);
    expect(server.opts.cookie).toMatchObject({ name: "sid", path: "/", httpOnly: true, sameSite: "lax" });
  });

  test.each([
    ["pingTimeout", -1],
    ["pingInterval", "25000"],
    ["upgradeTimeout", Number.NaN],
    ["maxHttpBufferSize", 1.5],
    ["allowEIO3", "yes"],
    ["allowRequest", 42],
    ["cookie", "io"],
    ["transports", []],
    ["pingInterval", 2 ** 32],
  ])("rejects %s = %s with a coded TypeError", (name, value) => {
    expect(() => new Server({ transports: ["fake"], [name]: value }, registry)).toThrow(
      expect.objectContaining({ name: "TypeError", code: "ERR_ENGINE_INVALID_OPTION" }),
    );
  });

  test("an unregistered transport name is refused at construction", () => {
    expect(() => new Server({ transports: ["polling"] })).toThrow(
      expect.objectContaining({ code: "ERR_ENGINE_UNKNOWN_TRANSPORT_CLASS" }),
    );
  });

  test("transport classes may be given directly, next to names", () => {
    const server = new Server({ transports: ["fake", FakeTransport] }, registry);
    expect(server.opts.transports).toEqual(["fake"]);
  });

  test("cookie: true uses the official defaults; path:false drops the path and keeps HttpOnly", () => {
    expect(new Server({ transports: ["fake"], cookie: true }, registry).opts.cookie).toEqual({
      name: "io",
      path: "/",
      httpOnly: true,
      sameSite: "lax",
    });
    const opts = new Server({ transports: ["fake"], cookie: { path: false } as never }, registry).opts.cookie;
    expect(opts).toMatchObject({ name: "io", httpOnly: true });
    expect(opts && "path" in opts).toBe(false);
  });
});
