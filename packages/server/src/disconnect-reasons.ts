// The `reason` strings of the "disconnecting"/"disconnect" events. The first group is the official
// list (unchanged, code relies on it); the second names each limit socketry enforces.

export type OfficialDisconnectReason =
  | "transport error"
  | "transport close"
  | "forced close"
  | "ping timeout"
  | "parse error"
  | "server shutting down"
  | "forced server close"
  | "client namespace disconnect"
  | "server namespace disconnect";

export type LimitDisconnectReason =
  /** The client tried more than `maxUnknownNamespaces` namespaces that do not exist. */
  | "too many unknown namespaces"
  /** The engine closed the session: a message over `maxHttpBufferSize`. */
  | "payload too large"
  /** The engine closed the session: the client stopped reading and its write buffer hit its cap. */
  | "write buffer full";

export type DisconnectReason = OfficialDisconnectReason | LimitDisconnectReason;

export const REASON_TOO_MANY_UNKNOWN_NAMESPACES: LimitDisconnectReason = "too many unknown namespaces";
