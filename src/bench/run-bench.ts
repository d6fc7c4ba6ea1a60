/**
 * `npm run bench [-- --quick] [-- --dkg64]`: runs the benchmark figures, prints a table and writes
 * `bench-results.json`. See BENCHMARKS.md for what each figure means and the latest results.
 * Figures vary on a shared machine: compare medians, and ratios measured in the same run.
 */
import { writeFileSync } from "node:fs";
import { appealFigures, confidentialFigures, deterministicFigures, llmFigures, type Figure } from "./node-bench";

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  // A 64-member DKG takes minutes here (see BENCHMARKS.md): opt in with --dkg64.
  const dkg = quick ? [5, 16] : process.argv.includes("--dkg64") ? [5, 16, 64] : [5, 16];
  const sections: [string, () => Promise<Figure[]>][] = [
    ["deterministic transactions", () => deterministicFigures(quick ? 100 : 2000)],
    ["LLM path (scripted answers)", () => llmFigures(quick ? 10 : 50)],
    ["appeals at scale", () => appealFigures(quick ? [11] : [11, 23, 47])],
    ["confidential path", () => confidentialFigures(quick ? [[5, 4]] : [[5, 4], [16, 11]], dkg)],
  ];
  const results: { section: string; figures: Figure[] }[] = [];
  for (const [section, run] of sections) {
    process.stderr.write(`${section}…\n`);
    const figures = await run();
    results.push({ section, figures });
    for (const f of figures) console.log(`${f.name.padEnd(96)} ${f.value.toFixed(f.value < 10 ? 2 : 1).padStart(10)} ${f.unit.padEnd(5)} ${f.target ? `target ${f.target}` : ""}${f.note ? ` (${f.note})` : ""}`);
  }
  writeFileSync("bench-results.json", JSON.stringify({ at: new Date().toISOString(), node: process.version, quick, results }, null, 2) + "\n");
  process.stderr.write("written: bench-results.json\n");
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
