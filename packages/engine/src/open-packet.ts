// The data of a session's open packet: {"sid", "upgrades", "pingInterval", "pingTimeout",
// "maxPayload"}, in that order. Everything after the sid is the same for every session of a server
// and transport (the server's options are frozen), so it is serialised once per transport.
import type { Server } from "./server.js";

const OPEN_TAILS = Symbol("socketry.engine.openTails");
type WithTails = Server & { [OPEN_TAILS]?: Map<string, string> };

export function openPacketData(server: Server, sid: string, transportName: string): string {
  return `{"sid":${JSON.stringify(sid)}${openTail(server, transportName)}`;
}

/** `,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}` for sessions on `transportName`. */
function openTail(server: Server, transportName: string): string {
  const tails = ((server as WithTails)[OPEN_TAILS] ??= new Map());
  let tail = tails.get(transportName);
  if (tail === undefined) {
    const { pingInterval, pingTimeout, maxHttpBufferSize: maxPayload } = server.opts;
    const whole = JSON.stringify({ upgrades: server.upgrades(transportName), pingInterval, pingTimeout, maxPayload });
    tail = `,${whole.slice(1)}`;
    tails.set(transportName, tail);
  }
  return tail;
}
