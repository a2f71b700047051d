// The packet log against a plain model (an array of everything ever appended), over long random
// runs that cross the compaction threshold many times.
import { describe, expect, test } from "vitest";
import { PacketLog } from "../src/packet-log.js";

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("PacketLog", () => {
  test.each([1, 2, 3])("holds the newest packets within its bounds, contiguous and in order (seed %i)", (seed) => {
    const random = prng(seed);
    const maxPackets = 1 + Math.floor(random() * 300);
    const maxBytes = 100 + Math.floor(random() * 5_000);
    const log = new PacketLog({ maxPackets, maxBytes });
    const all: Array<{ seq: number; bytes: number; emittedAt: number }> = [];
    let now = 0;
    // The model: everything appended, and the index of the oldest packet still kept.
    let modelStart = 0;
    const modelBytes = () => all.slice(modelStart).reduce((sum, p) => sum + p.bytes, 0);
    for (let step = 0; step < 5_000; step++) {
      now += Math.floor(random() * 3);
      if (random() < 0.01) {
        const ageFloor = now - Math.floor(random() * 50);
        log.dropEmittedBefore(ageFloor);
        while (modelStart < all.length && all[modelStart]!.emittedAt < ageFloor) modelStart++;
      }
      const seq = log.claimSeq();
      const bytes = Math.floor(random() * (random() < 0.01 ? maxBytes * 2 : 100));
      all.push({ seq, bytes, emittedAt: now });
      log.append({ seq, emittedAt: now, bytes, data: [seq], rooms: [], except: [] });
      while (modelStart < all.length && (all.length - modelStart > maxPackets || modelBytes() > maxBytes)) modelStart++;

      expect(log.size).toBeLessThanOrEqual(maxPackets);
      expect(log.bytes).toBeLessThanOrEqual(maxBytes);
      const kept = [...log.after(log.firstSeq - 1)];
      expect(kept.length).toBe(log.size);
      expect(kept.map((p) => p.seq)).toEqual(all.slice(modelStart).map((p) => p.seq));
      expect(kept.reduce((sum, p) => sum + p.bytes, 0)).toBe(log.bytes);
      // Restorable exactly from the packet before the oldest kept one, onwards.
      const first = log.firstSeq;
      expect(log.holdsEverythingAfter(first - 1)).toBe(true);
      expect(log.holdsEverythingAfter(seq)).toBe(true);
      expect(log.holdsEverythingAfter(seq + 1)).toBe(false);
      if (first >= 2) expect(log.holdsEverythingAfter(first - 2)).toBe(false);
      const from = first + Math.floor(random() * (seq - first + 1));
      expect([...log.after(from)].map((p) => p.seq)).toEqual(kept.filter((p) => p.seq > from).map((p) => p.seq));
    }
  });
});
