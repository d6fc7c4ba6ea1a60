/**
 * Rewards, slashing and reputation, settled when a transaction finalizes.
 *
 * Every round's leader receipt gets a verdict: "agree" when it is the receipt the transaction was
 * finally accepted with, "disagree" when it was not accepted in the end (rejected by its round —
 * majority disagree or no majority — or overturned by an appeal), none when the round ended in a
 * timeout (nobody can tell). Rounds voided because an earlier transaction on the same contract was
 * rolled back are not settled. A vote that matches the verdict
 * (agree ↔ agree; disagree or deterministic_violation ↔ disagree) earns `validatorFee`; a vote
 * against it costs `slashBps` of the validator's stake; timeouts count for neither. A leader whose
 * accepted result a validator appeal overturned loses `leaderSlashBps` more. Reputation =
 * matching votes / counted votes (basis points).
 */
import type { NetworkCore } from "./network-core";
import { compareIds } from "./selection";
import type { Round, Transaction, TxStatus, Vote } from "./types";

export const BPS = 10_000n;

interface Tally {
  fees: number;
  slashRounds: number;
  overturned: boolean;
  withOutcome: number;
  total: number;
}

function verdict(round: Round, finalReceipt: Round["leaderReceipt"]): "agree" | "disagree" | null {
  if (!round.leaderReceipt) return null;
  if (finalReceipt && round.leaderReceipt === finalReceipt) return "agree";
  if (round.kind === "validator_appeal") return "disagree";
  if (round.result === "agree" || round.result === "disagree" || round.result === "no_majority") return "disagree";
  return null;
}

function matches(vote: Vote, truth: "agree" | "disagree"): boolean {
  return truth === "agree" ? vote === "agree" : vote === "disagree" || vote === "deterministic_violation";
}

/** Reputation in basis points (10 000 = every counted vote matched the outcome; no votes yet → 10 000). */
export function reputationBps(withOutcome: number, total: number): number {
  return total === 0 ? 10_000 : Math.floor((withOutcome * 10_000) / total);
}

export function settleRewards(core: NetworkCore, tx: Transaction, decided: TxStatus): void {
  const w = core.work(tx.hash);
  const finalReceipt = decided === "ACCEPTED" ? w.finalReceipt : null;
  const per = new Map<string, Tally>();
  const entry = (id: string): Tally => {
    let t = per.get(id);
    if (!t) per.set(id, (t = { fees: 0, slashRounds: 0, overturned: false, withOutcome: 0, total: 0 }));
    return t;
  };
  for (const round of tx.rounds.slice(w.settledFrom)) {
    const truth = verdict(round, finalReceipt);
    if (!truth) continue;
    for (const v of round.votes) {
      if (v.vote === "timeout") continue;
      const t = entry(v.validator);
      t.total++;
      if (matches(v.vote, truth)) {
        t.fees++;
        t.withOutcome++;
      } else t.slashRounds++;
    }
  }
  for (const id of w.overturnedLeaders) entry(id).overturned = true;

  const { slashBps, leaderSlashBps } = core.settings;
  const multiplier = core.extension?.feeMultiplier?.(tx) ?? 1;
  const validatorFee = (core.settings.validatorFee * BigInt(Math.round(multiplier * 100))) / 100n;
  const evidence = new Map<string, string>();
  for (const e of core.extension?.extraSlashes?.(tx) ?? []) if (core.validatorConfigs.some((v) => v.id === e.validator)) evidence.set(e.validator, e.reason);
  for (const id of evidence.keys()) entry(id);
  for (const id of [...per.keys()].sort(compareIds)) {
    const t = per.get(id)!;
    const s = core.chain.validator(id);
    s.votesWithOutcome += t.withOutcome;
    s.votesTotal += t.total;
    const fee = validatorFee * BigInt(t.fees);
    if (fee > 0n) {
      core.chain.credit(s.address, fee);
      s.rewarded += fee;
      core.emit({ type: "rewarded", tx: tx.hash, validator: id, amount: fee.toString() });
    }
    let slashed = 0n;
    const reasons: string[] = [];
    for (let i = 0; i < t.slashRounds; i++) {
      const cut = (s.stake * BigInt(slashBps)) / BPS;
      s.stake -= cut;
      slashed += cut;
    }
    if (t.slashRounds > 0) reasons.push(`voted against the final outcome in ${t.slashRounds} round(s)`);
    const why = evidence.get(id);
    if (why) {
      const cut = (s.stake * BigInt(leaderSlashBps)) / BPS;
      s.stake -= cut;
      slashed += cut;
      reasons.push(why);
    }
    if (t.overturned) {
      const cut = (s.stake * BigInt(leaderSlashBps)) / BPS;
      s.stake -= cut;
      slashed += cut;
      reasons.push("leader result overturned by appeal");
    }
    if (slashed > 0n) {
      s.slashed += slashed;
      core.emit({ type: "slashed", tx: tx.hash, validator: id, amount: slashed.toString(), reason: reasons.join("; ") });
    }
  }
}
