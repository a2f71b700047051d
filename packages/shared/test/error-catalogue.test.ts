// docs/errors.md is the catalogue of every socketry error code. This test keeps it true: a code of
// a catalogued area that appears in a package's source must be on the page, with that package,
// and a code on the page must appear in the source of the package it names.
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const page = readFileSync(join(root, "docs/errors.md"), "utf8");

/** The areas the page declares (its "Areas" table), e.g. ENGINE, PARSER. */
const areas = [...page.matchAll(/^\| `([A-Z_]+)` \| `@socketry\//gm)].map((m) => m[1] as string);
/** The catalogue's rows: code -> package name. */
const catalogue = new Map(
  [...page.matchAll(/^\| `(ERR_[A-Z0-9_]+)` \| `(@socketry\/[a-z-]+)` \|/gm)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|cts|mts)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** package name -> the socketry codes written as string literals in its src/. */
function codesByPackage(): Map<string, Set<string>> {
  const byPackage = new Map<string, Set<string>>();
  const packages = join(root, "packages");
  for (const dir of readdirSync(packages)) {
    const src = join(packages, dir, "src");
    if (!existsSync(src)) continue;
    const { name } = JSON.parse(readFileSync(join(packages, dir, "package.json"), "utf8")) as { name: string };
    const codes = new Set<string>();
    for (const file of sourceFiles(src)) {
      for (const m of readFileSync(file, "utf8").matchAll(/["'`](ERR_[A-Z0-9_]+)["'`]/g)) {
        const code = m[1] as string;
        if (areas.some((area) => code.startsWith(`ERR_${area}_`))) codes.add(code);
      }
    }
    byPackage.set(name, codes);
  }
  return byPackage;
}

describe("docs/errors.md", () => {
  const inSource = codesByPackage();
  const everyCodeInSource = new Set([...inSource.values()].flatMap((codes) => [...codes]));

  it("declares its areas and lists codes", () => {
    expect(areas).toEqual(
      expect.arrayContaining(["ENGINE", "POLLING", "WEBSOCKET", "ENGINE_PARSER", "PARSER", "ADAPTER"]),
    );
    expect(catalogue.size).toBeGreaterThan(20);
  });

  it("lists every code the source raises", () => {
    const missing = [...everyCodeInSource].filter((code) => !catalogue.has(code));
    expect(missing, "codes in the source but not in docs/errors.md").toEqual([]);
  });

  it("lists only codes that are in the source of the package it names", () => {
    const stale = [...catalogue]
      .filter(([code, pkg]) => !inSource.get(pkg)?.has(code))
      .map(([code, pkg]) => `${code} (${pkg})`);
    expect(stale, "codes in docs/errors.md but not in their package's source").toEqual([]);
  });

  it("names every code ERR_<AREA>_<WHAT> with a declared area", () => {
    for (const code of catalogue.keys())
      expect(
        areas.some((area) => code.startsWith(`ERR_${area}_`)),
        code,
      ).toBe(true);
  });
});
