// The servers compared side by side. socketry runs from its TypeScript sources (the
// "socketry-source" export condition) unless the runner is given --dist (then `pnpm build` first).
// "ws" is not a Socket.IO server but the practical limit: a minimal protocol subset on plain `ws`.
export const IMPLEMENTATIONS = ["socketry", "socket.io", "socket.io-v3", "ws"] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export const LABELS: Record<Implementation, string> = {
  socketry: "socketry",
  "socket.io": "socket.io 4.8.4",
  "socket.io-v3": "socket.io 3.1.2",
  ws: "plain ws 8.23.0 (limit)",
};

/** The reference every ratio and goal is computed against. */
export const REFERENCE: Implementation = "socket.io";

export function isImplementation(name: string): name is Implementation {
  return (IMPLEMENTATIONS as readonly string[]).includes(name);
}
