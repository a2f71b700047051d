// Messages between the runner and a server child (one request, one reply with the same id).
export type ServerRequest = { type: "cpu"; id: number } | { type: "memory"; id: number } | { type: "exit" };

export type ServerReply =
  | { type: "ready"; port: number; pid: number }
  | { type: "cpu"; id: number; cpu: NodeJS.CpuUsage; clients: number }
  | { type: "memory"; id: number; memory: NodeJS.MemoryUsage; clients: number };
