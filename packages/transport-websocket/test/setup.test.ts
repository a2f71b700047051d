import { expect, test } from "vitest";
import { WebSocketServer } from "ws";
import { setupWebSocket, WebSocket } from "../src/index.js";
import { fromHostError } from "../src/errors.js";

test("the class describes itself to the engine", () => {
  expect(WebSocket.transportName).toBe("websocket");
  expect(WebSocket.upgradesTo).toEqual([]);
  expect(WebSocket.handlesUpgrades).toBe(true);
});

test.each([
  ["wsEngine", 42],
  ["perMessageDeflate", "yes"],
])("rejects %s = %j with a coded TypeError", (name, value) => {
  expect(() => setupWebSocket({ maxHttpBufferSize: 1000, [name]: value })).toThrow(
    expect.objectContaining({ code: "ERR_WEBSOCKET_INVALID_OPTION" }),
  );
});

test("the host is created with noServer, no client tracking, maxPayload and perMessageDeflate", () => {
  const seen: unknown[] = [];
  class Host extends WebSocketServer {
    constructor(options: ConstructorParameters<typeof WebSocketServer>[0]) {
      super(options);
      seen.push(options);
    }
  }
  const setup = setupWebSocket({ maxHttpBufferSize: 1234, perMessageDeflate: { threshold: 0 }, wsEngine: Host });
  expect(seen).toEqual([
    { noServer: true, clientTracking: false, maxPayload: 1234, perMessageDeflate: { threshold: 0 } },
  ]);
  expect(setup.settings).toEqual({ maxPayload: 1234 });
  setup.close?.();
});

test("an oversize-message error from ws maps to the engine's payload-too-large code", () => {
  const tooLarge = Object.assign(new Error("Max payload size exceeded"), { code: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" });
  expect(fromHostError(tooLarge, 10)).toMatchObject({
    code: "ERR_ENGINE_PAYLOAD_TOO_LARGE",
    details: { limit: 10 },
    cause: tooLarge,
  });
  const boom = new Error("boom");
  expect(fromHostError(boom, 10)).toMatchObject({ code: "ERR_ENGINE_TRANSPORT_ERROR", message: "boom", cause: boom });
});
