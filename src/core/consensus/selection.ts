/**
 * Validator selection: stake-weighted sampling without replacement and seeded shuffles, as Studio
 * does it (backend/consensus/vrf.py, base.py) but driven by a seeded PRNG so runs repeat exactly.
 */
import { SeededRng } from "./rng";

export interface Candidate {
  id: string;
  stake: bigint;
}

/** Natural order of validator ids ("v2" < "v10"); the canonical order everywhere. */
export function compareIds(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Picks up to `k` distinct candidates, each draw with probability ∝ stake among those left.
 * Candidates with zero stake are never picked. Order of the result = draw order.
 */
export function weightedSample(candidates: readonly Candidate[], k: number, rng: SeededRng): string[] {
  const pool = candidates.filter((c) => c.stake > 0n).sort((a, b) => compareIds(a.id, b.id));
  const out: string[] = [];
  while (out.length < k && pool.length > 0) {
    const total = pool.reduce((s, c) => s + c.stake, 0n);
    let r = rng.below(total);
    let i = 0;
    while (r >= pool[i].stake) {
      r -= pool[i].stake;
      i++;
    }
    out.push(pool[i].id);
    pool.splice(i, 1);
  }
  return out;
}

/** Fisher–Yates shuffle (a new array). */
export function shuffle<T>(items: readonly T[], rng: SeededRng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Orders a validator set for a round: seeded shuffle, then the first one that has not led this
 * transaction yet moves to the front (it is the leader). */
export function orderWithLeader(set: readonly string[], usedLeaders: readonly string[], rng: SeededRng): string[] {
  const shuffled = shuffle(set, rng);
  const idx = shuffled.findIndex((id) => !usedLeaders.includes(id));
  if (idx > 0) shuffled.unshift(...shuffled.splice(idx, 1));
  return shuffled;
}

/** Number of validators (leader included) for a transaction in `mode`. */
export function validatorCount(mode: "strict" | "fast", validatorsPerTx: number, fastValidators: number): number {
  return mode === "strict" ? Math.max(1, validatorsPerTx) : 1 + Math.max(0, fastValidators);
}
