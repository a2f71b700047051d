// CPU profile of a server's measured windows only: a window's opening starts the V8 profiler, its
// closing stops it and writes the profile to `file`, so after a run `file` holds the last window
// (the 15,000-client window of the scale row; the only one elsewhere). Other cpu requests, such as
// a scenario's own sample of the GC time or client count, leave the profiler alone.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import type { WindowEdge } from "./ipc.js";

/** Sampling every 200 µs: fine enough for µs-scale handlers, cheap enough to leave the figures usable. */
const SAMPLING_INTERVAL_US = 200;

export function windowProfiler(file: string | undefined): (edge: WindowEdge | undefined) => void {
  let session: Session | undefined;
  return (edge) => {
    if (file === undefined || edge === undefined) return;
    if (edge === "open") {
      if (session !== undefined) return;
      session = new Session();
      session.connect();
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
      session.post("Profiler.start");
      return;
    }
    const active = session;
    if (active === undefined) return;
    session = undefined;
    active.post("Profiler.stop", (error, result) => {
      if (error === null) writeFileSync(file, JSON.stringify(result.profile));
      active.disconnect();
    });
  };
}
