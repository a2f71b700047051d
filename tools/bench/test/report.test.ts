// The table's figure over several rounds is their median, and the per-round ratios (socketry and
// the reference of the same round) show how far the rounds spread.
import { describe, expect, it } from "vitest";
import { figureValue, jsonOutcomes, markdownTable, roundRatios, type ScenarioOutcome } from "../src/e2e/report.js";
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

  it("checks the goal against plain ws in its column, a minimum or a maximum as the figure's direction", () => {
    const limited = {
      ...scenario,
      figures: [
        { key: "perCpu", label: "msg/s per CPU-s", better: "higher", goal: 1.5, wsGoal: 0.95, digits: 0 },
        { key: "delay", label: "delay p50 (ms)", better: "lower", wsGoal: 1.1, digits: 1 },
      ],
    } as Scenario;
    const fixed: ScenarioOutcome = {
      scenario: limited,
      rounds: {
        socketry: [{ perCpu: 180, delay: 12 }],
        "socket.io": [{ perCpu: 100, delay: 20 }],
        ws: [{ perCpu: 200, delay: 10 }],
      },
      errors: {},
    };
    const table = markdownTable([fixed], ["socketry", "socket.io", "ws"], 1);
    expect(table).toContain("| socketry / plain ws |");
    // 180 / 200 = 0.90 < 0.95: a minimum not reached; 12 / 10 = 1.20 > 1.1: a maximum exceeded
    expect(table).toContain("| 180 | 100 | 200 | 1.80× | ≥ 1.5× | met | 0.90× (≥ 0.95×: not met) |");
    expect(table).toContain("| 12.0 | 20.0 | 10.0 | 0.60× |  |  | 1.20× (≤ 1.1×: not met) |");
    const within: ScenarioOutcome = {
      ...fixed,
      rounds: { ...fixed.rounds, socketry: [{ perCpu: 190, delay: 10.5 }] },
    };
    const passing = markdownTable([within], ["socketry", "socket.io", "ws"], 1);
    expect(passing).toContain("| 0.950× (≥ 0.95×: met) |"); // exactly the goal: met, three digits near it
    expect(passing).toContain("| 1.05× (≤ 1.1×: met) |");
    // Without the plain-ws column, the table says its goals went unchecked.
    const withoutLimit = markdownTable([fixed], ["socketry", "socket.io"], 1);
    expect(withoutLimit).not.toContain("plain ws |");
    expect(withoutLimit).toContain("Goals against plain ws are not checked in this run");
  });

  it("bounds socketry's own value for a figure that is a ratio of one server's own costs", () => {
    const scaling = {
      ...scenario,
      figures: [{ key: "heapScale", label: "heap at 15,000 / 3x 5,000", better: "lower", selfGoal: 1, digits: 2 }],
    } as Scenario;
    const fixed = (ours: number[]): ScenarioOutcome => ({
      scenario: scaling,
      rounds: {
        socketry: ours.map((heapScale) => ({ heapScale })),
        "socket.io": ours.map(() => ({ heapScale: 0.5 })),
        ws: ours.map(() => ({ heapScale: 2 })),
      },
      errors: {},
    });
    // No ratio between servers (0.5 and 2 would make 1.80× and 0.45×): every column its own value.
    const single = markdownTable([fixed([0.9])], ["socketry", "socket.io", "ws"], 1);
    expect(single).toContain("| heap at 15,000 / 3x 5,000 | 0.90 | 0.50 | 2.00 |  | ≤ 1 (socketry's own) | met |  |");
    const rounds = markdownTable([fixed([1.2, 1.1, 0.9])], ["socketry", "socket.io", "ws"], 3);
    expect(rounds).toContain("| 1.10 | 0.50 | 2.00 |  | 0.90–1.20 | ≤ 1 (socketry's own) | not met |  |");
    const json = jsonOutcomes([fixed([1.2])], ["socketry", "socket.io", "ws"]) as Array<{
      figures: Array<{ selfGoal: number | null; verdict: string | null }>;
    }>;
    expect(json[0]!.figures[0]).toMatchObject({ selfGoal: 1, verdict: "not met" });
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
