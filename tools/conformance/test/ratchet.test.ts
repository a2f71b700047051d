import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GATE_DIR, readFloors, readPassingList, REPO_ROOT } from "../src/floor.js";
import { judge, passingFrom } from "../src/ratchet.js";
import { renderTable, withTable, START, END } from "../src/readme-table.js";
import { resultFileFromLog, toOutcomes, type Outcomes } from "../src/results.js";
import { SUITES } from "../src/suites.js";

const run = (entries: Record<string, "passed" | "failed">): Outcomes => new Map(Object.entries(entries));

describe("judge", () => {
  it("holds when every listed test passes and the count reaches the floor", () => {
    const verdict = judge(["a", "b"], 2, [run({ a: "passed", b: "passed", c: "failed" })]);
    expect(verdict).toMatchObject({ holds: true, passed: 2, regressed: [], newlyPassing: [] });
  });

  it("names a listed test that failed in every run as regressed", () => {
    const verdict = judge(["a", "b"], 2, [run({ a: "passed", b: "failed" }), run({ a: "passed", b: "failed" })]);
    expect(verdict.holds).toBe(false);
    expect(verdict.regressed).toEqual(["b"]);
  });

  it("forgives a listed test that failed once and passed on the rerun", () => {
    const verdict = judge(["a", "b"], 2, [run({ a: "passed", b: "failed" }), run({ a: "failed", b: "passed" })]);
    expect(verdict).toMatchObject({ holds: true, passed: 2, regressed: [] });
  });

  it("fails a suite that passes fewer tests than its floor even with nothing listed", () => {
    expect(judge([], 3, [run({ a: "passed", b: "failed" })]).holds).toBe(false);
  });

  it("fails on a regression even when new passes keep the count above the floor", () => {
    const verdict = judge(["a"], 1, [run({ a: "failed", b: "passed", c: "passed" })]);
    expect(verdict).toMatchObject({ holds: false, passed: 2, regressed: ["a"], newlyPassing: ["b", "c"] });
  });

  it("treats a runner that left no result as nothing passing", () => {
    expect(judge(["a"], 1, [new Map(), new Map()])).toMatchObject({ holds: false, passed: 0, regressed: ["a"] });
  });
});

describe("results", () => {
  it("gives repeated titles their own keys, in order", () => {
    const outcomes = toOutcomes([
      { title: "t", status: "passed" },
      { title: "t", status: "failed" },
      { title: "u", status: "pending" },
      { title: "v", status: "weird" },
    ]);
    expect([...outcomes]).toEqual([
      ["t", "passed"],
      ["t [#2]", "failed"],
      ["u", "skipped"],
      ["v", "not-run"],
    ]);
    expect(passingFrom(outcomes)).toEqual(["t"]);
  });

  it("finds the last result file a log names", () => {
    const log = "x results: /tmp/a-1.json\n...\n[p] ref 1, results: /tmp/a-2.json\n3 passed, 0 failed\n";
    expect(resultFileFromLog(log)).toBe("/tmp/a-2.json");
    expect(resultFileFromLog("no result here")).toBeUndefined();
  });
});

describe("the recorded floor", () => {
  const floors = readFloors();

  it("has a floor and a passing list of the same size for every suite", () => {
    for (const suite of SUITES) {
      const floor = floors[suite.name];
      expect(floor, suite.name).toBeDefined();
      expect(readPassingList(suite.name, GATE_DIR), suite.name).toHaveLength(floor!.passed);
      expect(floor!.passed).toBeLessThanOrEqual(floor!.total);
    }
  });

  it("is what the README's table shows", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(START);
    expect(readme).toContain(END);
    expect(withTable(readme, floors)).toBe(readme);
    expect(renderTable(floors).split("\n")).toHaveLength(2 + SUITES.length);
  });
});
