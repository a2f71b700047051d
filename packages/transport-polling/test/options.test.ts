import { expect, test } from "vitest";
import { resolvePollingSettings } from "../src/options.js";
import { Polling } from "../src/index.js";

test("httpCompression defaults to on with a 1024-byte threshold", () => {
  expect(resolvePollingSettings({}).compression).toEqual({ threshold: 1024 });
  expect(resolvePollingSettings({ httpCompression: true }).compression).toEqual({ threshold: 1024 });
  expect(resolvePollingSettings({ httpCompression: false }).compression).toBe(false);
  expect(resolvePollingSettings({ httpCompression: { threshold: 10, level: 1 } }).compression).toEqual({
    threshold: 10,
    level: 1,
  });
});

test.each([["yes"], [{ threshold: -1 }], [{ threshold: "1" }]])(
  "rejects httpCompression %j with a coded TypeError",
  (value) => {
    expect(() => resolvePollingSettings({ httpCompression: value })).toThrow(
      expect.objectContaining({ code: "ERR_POLLING_INVALID_OPTION" }),
    );
  },
);

test("the class describes itself to the engine", () => {
  expect(Polling.transportName).toBe("polling");
  expect(Polling.upgradesTo).toEqual(["websocket"]);
  expect(Polling.handlesUpgrades).toBe(false);
  expect(Polling.setup({}).settings).toMatchObject({ compression: { threshold: 1024 } });
});

test("pollingCloseTimeout defaults to engine.io's 30 s and is configurable", () => {
  expect(resolvePollingSettings({}).closeTimeout).toBe(30_000);
  expect(resolvePollingSettings({ pollingCloseTimeout: 500 }).closeTimeout).toBe(500);
});

test.each([[0], [-1], ["1000"], [2 ** 31], [Number.NaN]])(
  "rejects pollingCloseTimeout %j with a coded TypeError",
  (value) => {
    expect(() => resolvePollingSettings({ pollingCloseTimeout: value })).toThrow(
      expect.objectContaining({ code: "ERR_POLLING_INVALID_OPTION", name: "TypeError" }),
    );
  },
);

test("its defaults are declared once, on the class the engine reads them from", () => {
  expect(Polling.defaults).toEqual({ httpCompression: true, pollingCloseTimeout: 30_000 });
});
