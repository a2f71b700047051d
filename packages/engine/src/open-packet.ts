// The data of a session's open packet: {"sid", "upgrades", "pingInterval", "pingTimeout",
// "maxPayload"}, in that order. The part after the upgrades is the same for every session of a
// server (its options are frozen), so it is serialised once; the upgrades are asked for each
// session, as `upgrades()` / `getAvailableUpgrades()` may be overridden.
import type { Server } from "./server.js";

const OPEN_TAIL = Symbol("socketry.engine.openTail");
type WithTail = Server & { [OPEN_TAIL]?: string };

export function openPacketData(server: Server, sid: string, upgrades: readonly string[]): string {
  return `{"sid":${JSON.stringify(sid)},"upgrades":${JSON.stringify(upgrades)}${openTail(server)}`;
}

/** `,"pingInterval":…,"pingTimeout":…,"maxPayload":…}` */
function openTail(server: Server): string {
  let tail = (server as WithTail)[OPEN_TAIL];
  if (tail === undefined) {
    const { pingInterval, pingTimeout, maxHttpBufferSize: maxPayload } = server.opts;
    tail = `,${JSON.stringify({ pingInterval, pingTimeout, maxPayload }).slice(1)}`;
    (server as WithTail)[OPEN_TAIL] = tail;
  }
  return tail;
}
