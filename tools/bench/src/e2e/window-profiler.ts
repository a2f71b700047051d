// CPU profile of a server's measured window only: the first toggle starts the V8 profiler, the
// second writes the profile to `file`; later toggles do nothing.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

/** Sampling every 200 µs: fine enough for µs-scale handlers, cheap enough to leave the figures usable. */
const SAMPLING_INTERVAL_US = 200;

export function windowProfiler(file: string | undefined): () => void {
  let session: Session | undefined;
  let done = false;
  return () => {
    if (file === undefined || done) return;
    if (session === undefined) {
      session = new Session();
      session.connect();
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
      session.post("Profiler.start");
      return;
    }
    done = true;
    const active = session;
    active.post("Profiler.stop", (error, result) => {
      if (error === null) writeFileSync(file, JSON.stringify(result.profile));
      active.disconnect();
    });
  };
}
