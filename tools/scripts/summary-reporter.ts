import type { Reporter, TestModule } from "vitest/node";

// Prints the run's totals as one plain line ("Tests: N passed, N failed, N skipped") after
// vitest's own summary, so tools that read closing lines see the real counts.
export default class SummaryLineReporter implements Reporter {
  private line = "";

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      // A file that fails outside its tests (load error, a throwing beforeAll) may report no failed
      // test at all; count the file itself so the line cannot look clean.
      if (mod.state() === "failed" && ![...mod.children.allTests()].some((t) => t.result().state === "failed"))
        failed++;
    }
    this.line = `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  }

  // vitest prints its own summary after onTestRunEnd; write ours last so it closes the output.
  onFinished(): void {
    if (this.line) process.stdout.write(`\n${this.line}\n`);
  }
}
