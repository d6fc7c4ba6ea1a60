/**
 * Every example scenario under contracts-examples/scenarios runs through the CLI (one invocation,
 * one pool of Python workers) and every expectation holds — except the `*-failing` ones, which
 * exist to show a failed expectation and must fail exactly as they say.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScenarioReport } from "../core/scenario/report";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIR = join(ROOT, "contracts-examples/scenarios");

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? scenarioFiles(join(dir, e.name)) : e.name.endsWith(".scenario.json") ? [join(dir, e.name)] : []))
    .sort();
}

describe("example scenarios", () => {
  const files = scenarioFiles(DIR);

  it("there are examples with names and descriptions", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(f, "utf8"));
      expect(typeof doc.name, relative(ROOT, f)).toBe("string");
      expect(typeof doc.description, relative(ROOT, f)).toBe("string");
    }
  });

  it("all run through the CLI and every expectation holds", { timeout: 1_800_000 }, async () => {
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", "run", ...files], { cwd: ROOT, maxBuffer: 256 << 20 }, (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const reports = JSON.parse(out.stdout) as ScenarioReport[];
    expect(reports).toHaveLength(files.length);
    reports.forEach((r, i) => {
      const name = relative(ROOT, files[i]);
      expect(r.error, name).toBeUndefined();
      if (name.endsWith("-failing.scenario.json")) {
        expect(r.ok, name).toBe(false);
        expect(r.expectations.filter((x) => !x.ok).length, name).toBeGreaterThan(0);
      } else {
        expect(r.expectations.filter((x) => !x.ok).map((x) => x.message), name).toEqual([]);
        expect(r.ok, name).toBe(true);
      }
    });
    expect(out.code).toBe(files.some((f) => f.endsWith("-failing.scenario.json")) ? 1 : 0);
  });
});
