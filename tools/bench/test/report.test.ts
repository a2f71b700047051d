// The table's figure over several rounds is their median, and the per-round ratios (socketry and
// the reference of the same round) show how far the rounds spread.
import { describe, expect, it } from "vitest";
import { markdownTable, roundRatios, figureValue, type ScenarioOutcome } from "../src/e2e/report.js";
import type { Scenario } from "../src/e2e/scenarios/index.js";
import { median } from "../src/e2e/stats.js";

const scenario = {
  name: "fake",
  title: "fake scenario",
  serverFlags: [],
  descriptors: () => 0,
  figures: [{ key: "perCpu", label: "msg/s per CPU-s", better: "higher", goal: 1.5, digits: 0 }],
  run: async () => ({}),
} as unknown as Scenario;

function outcome(ours: number[], theirs: number[]): ScenarioOutcome {
  return {
    scenario,
    rounds: { socketry: ours.map((perCpu) => ({ perCpu })), "socket.io": theirs.map((perCpu) => ({ perCpu })) },
    errors: {},
  };
}

describe("bench report", () => {
  it("takes the median of the rounds, the mean of the middle two for an even count", () => {
    expect(median([3, 1, 100])).toBe(3);
    expect(median([4, 1, 2, 100])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it("pairs the rounds for the per-round ratios", () => {
    const result = outcome([300, 100, 200], [100, 100, 100]);
    expect(figureValue(result, "socketry", "perCpu")).toBe(200);
    expect(roundRatios(result, "perCpu")).toEqual([3, 1, 2]);
  });

  it("shows the spread column only with several rounds, and the verdict on the median ratio", () => {
    const table = markdownTable([outcome([300, 100, 200], [100, 100, 100])], ["socketry", "socket.io"], 3);
    expect(table).toContain("| per round |");
    expect(table).toContain("| 2.00× | 1.00–3.00× | ≥ 1.5× | met |");
    const single = markdownTable([outcome([120], [100])], ["socketry", "socket.io"], 1);
    expect(single).not.toContain("per round");
    expect(single).toContain("| 1.20× | ≥ 1.5× | not met |");
  });

  it("shows the ratio of a figure without a goal, with no verdict, and a skipped scenario with its reason", () => {
    const noGoal = { ...scenario, figures: [{ ...scenario.figures[0]!, goal: undefined }] } as Scenario;
    const table = markdownTable(
      [{ scenario: noGoal, rounds: { socketry: [{ perCpu: 150 }], "socket.io": [{ perCpu: 100 }] }, errors: {} }],
      ["socketry", "socket.io"],
      1,
    );
    expect(table).toContain("| fake scenario | msg/s per CPU-s | 150 | 100 | 1.50× |  |  |");
    const skipped = markdownTable(
      [{ scenario, rounds: {}, errors: {}, skipped: "needs redis-server 7.0.0" }],
      ["socketry", "socket.io"],
      1,
    );
    expect(skipped).toContain("| fake scenario | skipped: needs redis-server 7.0.0 |");
  });
});
