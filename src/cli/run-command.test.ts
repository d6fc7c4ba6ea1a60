/**
 * `npm run -s cli -- run <scenario.json>` as a user runs it: the real consensus engine with Pyodide
 * validators (src/core/consensus/engine.ts + validator-executor.ts) on the example scenarios, and
 * one-line errors for bad input.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScenarioReport } from "../core/scenario/report";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A temp dir with storage.py and the given scenario files. */
function tempScenarios(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), "gl-run-"));
  copyFileSync(join(ROOT, "contracts-examples/storage.py"), join(dir, "storage.py"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

const base = { version: 1, name: "t", seed: 1, network: { validators: { count: 3 }, runtimes: 1 } };

describe("cli run", () => {
  let first = "";

  it("runs storage.scenario.json: JSON report on stdout, exit 0", async () => {
    const out = await cli(["run", "contracts-examples/scenarios/storage.scenario.json"]);
    first = out.stdout;
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as ScenarioReport;
    expect(report.ok).toBe(true);
    expect(report.expectations.length).toBeGreaterThanOrEqual(5);
    expect(report.expectations.every((x) => x.ok)).toBe(true);
    const update = report.transactions.find((t) => t.label === "update")!;
    expect(update.status).toBe("FINALIZED");
    expect(update.rounds[0].votes.map((v) => v.vote)).toEqual(["agree", "agree", "agree"]);
    expect(report.contracts[0]).toMatchObject({ label: "store", source: "../storage.py", views: { get_storage: { result: "bye" } } });
    expect(report.validators).toHaveLength(5);
  });

  it("is reproducible: the same scenario gives the same report", async () => {
    const again = await cli(["run", "contracts-examples/scenarios/storage.scenario.json"]);
    expect(first).not.toBe("");
    expect(again.stdout).toBe(first);
  });

  it("prints a failed expectation to stderr and exits 1", async () => {
    const out = await cli(["run", "contracts-examples/scenarios/storage-failing.scenario.json"]);
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe('step 2 (stale read): expected "hello", got "bye"');
    const report = JSON.parse(out.stdout) as ScenarioReport;
    expect(report.ok).toBe(false);
    expect(report.expectations).toEqual([expect.objectContaining({ step: 2, label: "stale read", ok: false, expected: "hello", actual: "bye" })]);
  });

  it("runs the README's complete example (kept as contracts-examples/scenarios/wizard.scenario.json)", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /### A complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1];
    const file = "contracts-examples/scenarios/wizard.scenario.json";
    expect(JSON.parse(block)).toEqual(JSON.parse(readFileSync(join(ROOT, file), "utf8")));
    const out = await cli(["run", file]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as ScenarioReport;
    const plea = report.transactions.find((t) => t.label === "plea")!;
    expect(plea.status).toBe("FINALIZED");
    expect(plea.appealsFailed + plea.rounds.length).toBeGreaterThan(1);
    expect(report.contracts[0].views).toEqual({ get_have_coin: { result: true } });
  });

  it("traces every event as one line on stderr", async () => {
    const dir = tempScenarios({ "s.json": { ...base, steps: [{ deploy: { file: "storage.py", args: ["a"], label: "store" } }] } });
    const out = await cli(["run", join(dir, "s.json"), "--trace"]);
    expect(out.code).toBe(0);
    const lines = out.stderr.trim().split("\n");
    expect(lines.every((l) => /^\[t=\d+ms\] #\d+ [a-z_]+ /.test(l))).toBe(true);
    expect(lines.some((l) => /^\[t=0ms\] #\d+ vote_revealed tx=0x[0-9a-f]{2}…[0-9a-f]{2} v\d agree$/.test(l))).toBe(true);
    expect(lines.some((l) => / state_applied .* store accepted /.test(l))).toBe(true);
    expect(JSON.parse(out.stdout).events.count).toBe(lines.length);
  });

  it("explains bad input in one line and exits 1", async () => {
    const dir = tempScenarios({
      "json.json": '{\n  "version": 1,\n  "name": "x"\n  "seed": 1\n}\n',
      "label.json": { ...base, steps: [{ deploy: { file: "storage.py", args: ["a"], label: "token" } }, { call: { contract: "tokn", method: "update_storage", args: ["b"] } }] },
      "method.json": { ...base, steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { call: { contract: "storage", method: "update", args: ["b"] } }] },
      "args.json": { ...base, steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { call: { contract: "storage", method: "update_storage", args: [42] } }] },
      "bad.py": '# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n\nclass C(gl.Contract:\n    pass\n',
      "syntax.json": { ...base, steps: [{ deploy: { file: "bad.py" } }] },
      "missing.json": { ...base, steps: [{ deploy: { file: "nope.py" } }] },
      "shape.json": { ...base, steps: [{ call: {} }, { run: 1 }] },
    });
    const cases: [string, string][] = [
      ["json.json", `${join(dir, "json.json")}:4:3: invalid JSON: Expected ',' or '}' after property value`],
      ["label.json", `${join(dir, "label.json")}: steps[1].call.contract: unknown contract label "tokn" (did you mean "token"?)`],
      ["method.json", `${join(dir, "method.json")}: steps[1].call.method: contract "storage" has no method "update"; it has "get_storage", "update_storage"`],
      ["args.json", `${join(dir, "args.json")}: steps[1].call.args[0]: expected string for "new_storage", got 42`],
      ["syntax.json", `${join(dir, "syntax.json")}: steps[0].deploy.file: bad.py:4: SyntaxError: invalid syntax`],
      ["missing.json", `${join(dir, "missing.json")}: steps[0].deploy.file: cannot read nope.py (no such file: ${join(dir, "nope.py")})`],
      ["shape.json", `${join(dir, "shape.json")}: steps[0].call.contract: required (the label of a deployed contract) (and 2 more problems)`],
      ["absent.json", `${join(dir, "absent.json")}: cannot read the file`],
    ];
    const results = await Promise.all(cases.map(([file]) => cli(["run", join(dir, file)])));
    results.forEach((out, i) => {
      expect(out.code).toBe(1);
      expect(out.stdout).toBe("");
      expect(out.stderr).toBe(cases[i][1] + "\n");
    });
  });

  it("prints usage for bad arguments", async () => {
    for (const args of [["run"], ["run", "--verbose", "a.json"]]) {
      const out = await cli(args);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("usage: npm run -s cli -- run <scenario.json>... [--trace] [--allow-network]");
    }
  });

  it("runs several scenarios on one pool: a list of reports, one line per file", async () => {
    const dir = join(ROOT, "contracts-examples/scenarios");
    const files = ["storage.scenario.json", "storage-failing.scenario.json"].map((f) => join(dir, f));
    const out = await cli(["run", ...files]);
    const reports = JSON.parse(out.stdout) as ScenarioReport[];
    expect(reports.map((r) => r.name)).toEqual(files.map((f) => JSON.parse(readFileSync(f, "utf8")).name));
    expect(reports.map((r) => r.ok)).toEqual([true, false]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^ok {2}.*storage\.scenario\.json \(\d+ expectations\)$/m);
    expect(out.stderr).toMatch(/^FAIL .*storage-failing\.scenario\.json/m);
    // Each report is the one a run of that file alone gives.
    const alone = JSON.parse((await cli(["run", files[0]])).stdout) as ScenarioReport;
    expect(reports[0]).toEqual(alone);
  });
});
