/**
 * The "Network stats" figures the app shows, from the transactions the engine reports (the same
 * data as its event stream): how many transactions and how many finalized, each transaction's
 * execution time (wall clock: per round the leader's execution plus the slowest validator's, since
 * validators run side by side) as a histogram with p50/p95, the throughput that time allows, and
 * each validator's executions and median execution time.
 */
import type { Transaction } from "../consensus/types";

export interface NetworkStats {
  transactions: number;
  finalized: number;
  /** ms per transaction (leader + slowest validator, summed over rounds). */
  p50: number | null;
  p95: number | null;
  /** Transactions per second of execution time (1000 / mean). */
  throughput: number | null;
  histogram: { label: string; count: number }[];
  validators: { id: string; executions: number; medianMs: number }[];
}

const BUCKETS: [number, string][] = [
  [5, "< 5 ms"], [10, "5–10"], [25, "10–25"], [50, "25–50"], [100, "50–100"], [250, "100–250"], [Infinity, "≥ 250 ms"],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)]!;
}

function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export function networkStats(txs: readonly Transaction[]): NetworkStats {
  const times: number[] = [];
  const perValidator = new Map<string, number[]>();
  for (const tx of txs) {
    let total = 0;
    let ran = false;
    for (const r of tx.rounds) {
      const leader = r.leaderReceipt?.durationMs ?? 0;
      const slowest = Math.max(0, ...r.validatorReceipts.map((x) => x.durationMs));
      if (r.leaderReceipt || r.validatorReceipts.length > 0) ran = true;
      total += leader + slowest;
      for (const rec of [...(r.leaderReceipt ? [r.leaderReceipt] : []), ...r.validatorReceipts]) {
        const list = perValidator.get(rec.validator) ?? [];
        list.push(rec.durationMs);
        perValidator.set(rec.validator, list);
      }
    }
    if (ran) times.push(total);
  }
  const mean = times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length : 0;
  return {
    transactions: txs.length,
    finalized: txs.filter((t) => t.status === "FINALIZED").length,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    throughput: times.length > 0 && mean > 0 ? 1000 / mean : null,
    histogram: BUCKETS.map(([limit, label], i) => ({
      label,
      count: times.filter((t) => t < limit && (i === 0 || t >= BUCKETS[i - 1]![0])).length,
    })),
    validators: [...perValidator].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([id, list]) => ({ id, executions: list.length, medianMs: median(list) })),
  };
}
