/**
 * `npm run bench [-- --quick] [-- --dkg64] [-- --only confidential] [-- --node-only | --browser-only]`:
 * runs the benchmark figures (Node, then headless Chromium on a production build), prints a table
 * and writes `bench-results.json`; a `--node-only` or `--browser-only` run replaces its own
 * sections there and keeps the others. See BENCHMARKS.md for what each figure means and the
 * latest results. Figures vary on a shared machine: compare medians, and ratios measured in the same run.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Figure } from "./node-bench";
import type { BrowserBench } from "./browser-bench";

type SectionResult = { section: string; figures: Figure[] };

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  // The 64-member DKG is opt-in (see BENCHMARKS.md): --dkg64, also with --quick.
  const dkg = process.argv.includes("--dkg64") ? [5, 16, 64] : [5, 16];
  const nodeOnly = process.argv.includes("--node-only");
  const browserOnly = process.argv.includes("--browser-only");
  if (nodeOnly && browserOnly) throw new Error("--node-only and --browser-only exclude each other");
  // Each kind's code is loaded only when its figures run (Pyodide in Node; playwright-core).
  const node = browserOnly ? null : await import("./node-bench");
  const sections: [string, () => Promise<Figure[]>][] = node
    ? [
        ["deterministic transactions", () => node.deterministicFigures(quick ? 100 : 2000)],
        ["LLM path (scripted answers)", () => node.llmFigures(quick ? 10 : 50)],
        ["appeals at scale", () => node.appealFigures(quick ? [11] : [11, 23, 47])],
        ["confidential path", () => node.confidentialFigures(quick ? [[5, 4]] : [[5, 4], [16, 11]], dkg)],
      ]
    : [];
  const browser: BrowserBench | null = nodeOnly ? null : (await import("./browser-bench")).browserBench(quick);
  if (browser) sections.push(...browser.sections);
  // `--only confidential` (or any word of a section name) runs just the matching sections.
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const results: SectionResult[] = [];
  try {
    for (const [section, run] of sections.filter(([name]) => !only || name.includes(only))) {
      process.stderr.write(`${section}…\n`);
      const figures = await run();
      results.push({ section, figures });
      for (const f of figures) console.log(`${f.name.padEnd(96)} ${f.value.toFixed(f.value < 10 ? 2 : 1).padStart(10)} ${f.unit.padEnd(5)} ${f.target ? `target ${f.target}` : ""}${f.note ? ` (${f.note})` : ""}`);
    }
  } finally {
    await browser?.close();
  }
  // A filtered run writes beside the full results instead of replacing them.
  const out = only ? `bench-results-${only.replace(/[^a-z0-9]+/gi, "-")}.json` : "bench-results.json";
  // --node-only / --browser-only keep the other kind's sections from the last run.
  const kept = !only && (nodeOnly || browserOnly) && existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as { results?: SectionResult[] }).results ?? [] : [];
  const isBrowser = (r: SectionResult) => r.section.startsWith("browser:");
  const all = [...kept.filter((k) => isBrowser(k) !== browserOnly), ...results].sort((a, b) => Number(isBrowser(a)) - Number(isBrowser(b)));
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, quick, results: all }, null, 2) + "\n");
  process.stderr.write(`written: ${out}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
