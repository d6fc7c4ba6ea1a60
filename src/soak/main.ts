/**
 * `npm run soak` (`tsx src/soak/main.ts --txs 10000 [--seed S] [--no-replay]`): generates a soak
 * plan, runs it on Pyodide validators with faults injected, checks the outcome, then replays the
 * same plan and compares the final state root. Prints progress on stderr and a summary on stdout;
 * exits 1 when a check fails.
 */
import { checkSoak, compareReplay } from "./soak-check";
import { makeSoakPlan } from "./soak-plan";
import { runSoak, type SoakResult } from "./soak-run";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function summary(label: string, r: SoakResult): string[] {
  return [
    `${label}: ${r.hashes.length} planned transactions (+${r.children} children) in ${seconds(r.ms)}, ${r.eventCount} events`,
    `  statuses: ${JSON.stringify(r.statuses)}`,
    `  appeals: ${r.appeals.submitted} submitted, skipped ${JSON.stringify(r.appeals.skipped)}`,
    `  faults planned: ${JSON.stringify(r.faultsPlanned)}`,
    `  faults fired:   ${JSON.stringify(r.faultsFired)}; worker restarts ${r.workerRestarts}`,
    `  drain: ${r.drainRounds} clock moves past the finality window at the end; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`,
    `  final state root ${r.finalRoot}`,
    `  event stream digest ${r.eventDigest}`,
  ];
}

async function main(): Promise<number> {
  const txs = Number(option("txs", "1000"));
  const seed = option("seed", "soak-1");
  if (!Number.isInteger(txs) || txs < 1) throw new Error(`--txs needs a positive integer, got ${option("txs", "")}`);
  const replay = !process.argv.includes("--no-replay");
  const plan = makeSoakPlan({ txs, seed });
  process.stderr.write(`soak: ${plan.txs.length} transactions (${txs} calls after ${plan.contracts.length} deploys), seed "${seed}"\n`);
  const progress = (label: string) => (p: { submitted: number; total: number; elapsedMs: number; statuses: object }) =>
    process.stderr.write(`${label} ${p.submitted}/${p.total} submitted, ${seconds(p.elapsedMs)}: ${JSON.stringify(p.statuses)}\n`);

  // Only the first run's roots outlive its checks: two 10,000-transaction chains need not fit at once.
  const { checks, lines, roots } = await (async () => {
    const first = await runSoak(plan, { onProgress: progress("run"), progressEvery: Math.max(100, Math.floor(txs / 20)) });
    const roots = { finalRoot: first.finalRoot, eventDigest: first.eventDigest };
    return { checks: checkSoak(first.network, plan, first.hashes, first.faults), lines: summary("run", first), roots };
  })();
  if (replay) {
    const second = await runSoak(plan, { onProgress: progress("replay"), progressEvery: Math.max(100, Math.floor(txs / 10)) });
    checks.push(compareReplay(roots, second));
    lines.push(...summary("replay", second));
  }
  for (const c of checks) {
    lines.push(`${c.ok ? "ok  " : "FAIL"} ${c.name}`);
    for (const p of c.problems) lines.push(`       ${p}`);
  }
  console.log(lines.join("\n"));
  return checks.every((c) => c.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`soak failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
