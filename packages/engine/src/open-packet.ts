// The data of a session's open packet: {"sid", "upgrades", "pingInterval", "pingTimeout",
// "maxPayload"}, in that order. The part after the upgrades is the same for every session of a
// server and serialised once (SessionHost.openTail); the upgrades are asked for each session, as
// `upgrades()` / `getAvailableUpgrades()` may be overridden.
export function openPacketData(openTail: string, sid: string, upgrades: readonly string[]): string {
  return `{"sid":${JSON.stringify(sid)},"upgrades":${JSON.stringify(upgrades)}${openTail}`;
}
