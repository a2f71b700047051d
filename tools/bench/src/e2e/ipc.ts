// Messages between the runner and a server child (one request, one reply with the same id).
/** A cpu sample that opens or closes a measured window (a profiled server profiles those only). */
export type WindowEdge = "open" | "close";

export type ServerRequest =
  | { type: "cpu"; id: number; window?: WindowEdge }
  | { type: "memory"; id: number }
  | { type: "exit" };

export type ServerReply =
  | { type: "ready"; port: number; pid: number }
  /** `gcMs`: the GC pauses so far, ms (with --gc-stats only, else 0) */
  | { type: "cpu"; id: number; cpu: NodeJS.CpuUsage; clients: number; gcMs: number }
  | { type: "memory"; id: number; memory: NodeJS.MemoryUsage; clients: number };
