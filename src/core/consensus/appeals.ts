/**
 * Appeals within the finality window (Studio's four flavours):
 *  - validator appeal (ACCEPTED): new validators (n + 2, then 2·f·n + 3 with the previous appeal's
 *    reused) vote on the existing leader receipt. Majority agree → "Validator Appeal Failed"
 *    (appealsFailed += 1, window × factor); otherwise "Validator Appeal Successful": the contract
 *    goes back to its state before the transaction, later transactions on it go back to PENDING,
 *    and the transaction re-runs with a new leader.
 *  - validators-timeout appeal (VALIDATORS_TIMEOUT): the same vote; agreement accepts the receipt.
 *  - leader appeal (UNDETERMINED): re-run with the last set plus n + 2 new validators.
 *  - leader-timeout appeal (LEADER_TIMEOUT): re-run with one new validator.
 * The appellant pays a bond (fees.ts); it is refunded when the appeal succeeds, kept otherwise.
 */
import type { Address } from "../calldata";
import { cancelUnstartedChildren } from "./children";
import { accept, minAppealBond, refundBond } from "./decisions";
import { appealRoundSize } from "./fees";
import { appealWindowOpen, windowMs } from "./finality";
import type { AppealKind, NetworkCore } from "./network-core";
import { SeededRng } from "./rng";
import { orderWithLeader, weightedSample, type Candidate } from "./selection";
import { startRound } from "./rounds";
import type { TallyResult } from "./tally";
import { uncreditValue } from "./tx-factory";
import { DECIDED_STATUSES, type Transaction } from "./types";

const KIND_OF: Partial<Record<Transaction["status"], AppealKind>> = {
  ACCEPTED: "validator",
  VALIDATORS_TIMEOUT: "validators_timeout",
  UNDETERMINED: "leader",
  LEADER_TIMEOUT: "leader_timeout",
};

/** Validators with stake that took no part in `tx` yet. */
function freshPool(core: NetworkCore, tx: Transaction): Candidate[] {
  const involved = new Set<string>(core.work(tx.hash).usedLeaders);
  for (const r of tx.rounds) for (const id of r.validators) involved.add(id);
  return core.candidates(tx).filter((c) => c.stake > 0n && !involved.has(c.id));
}

/** Why `tx` cannot be appealed now, or null. */
export function appealBlocker(core: NetworkCore, tx: Transaction): string | null {
  const w = core.work(tx.hash);
  if (!KIND_OF[tx.status]) return `a ${tx.status} transaction cannot be appealed`;
  if (w.next !== null || w.appeal) return "the transaction is already being processed or appealed";
  if (w.leaderOnly) return "a leader-only transaction cannot be appealed";
  if (!appealWindowOpen(core, tx)) return "the finality window is over";
  if (freshPool(core, tx).length === 0) return "no validators left for an appeal";
  return null;
}

/** Registers an appeal (the bond is taken from `by`); returns the bond. */
export function submitAppeal(core: NetworkCore, tx: Transaction, by: Address, bond?: bigint): bigint {
  const blocker = appealBlocker(core, tx);
  if (blocker) throw new Error(`cannot appeal ${tx.hash}: ${blocker}`);
  const kind = KIND_OF[tx.status]!;
  const min = minAppealBond(core, tx);
  const paid = bond ?? min;
  if (paid < min) throw new Error(`appeal bond ${paid} is below the minimum ${min}`);
  core.chain.debit(by, paid);
  const w = core.work(tx.hash);
  w.appeal = { kind, by, bond: paid, submittedAt: core.now(), decidedAtBefore: tx.decidedAt!, appealMsBefore: w.appealMs };
  w.next = "appeal";
  core.emit({
    type: "appeal_submitted",
    tx: tx.hash,
    by: by.toChecksum(),
    kind: kind === "validator" || kind === "validators_timeout" ? "validator" : "leader",
    bond: paid.toString(),
  });
  return paid;
}

/** The round whose leader receipt the transaction was decided with. */
function decidingRound(tx: Transaction) {
  for (let i = tx.rounds.length - 1; i >= 0; i--) if (tx.rounds[i].kind !== "validator_appeal") return tx.rounds[i];
  throw new Error(`transaction ${tx.hash} has no round`);
}

/** Starts the appeal: a voting round (validator appeals) or a re-run (leader appeals). */
export function appealPhase(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  const a = w.appeal!;
  const rng = new SeededRng("appeal", core.seed, tx.hash, tx.rounds.length);
  const pool = freshPool(core, tx);
  if (a.kind === "validator" || a.kind === "validators_timeout") {
    const size = appealRoundSize(w.initialCount, tx.appealsFailed);
    const reused = w.appealValidators.slice(0, size);
    const set = [...reused, ...weightedSample(pool, size - reused.length, rng)];
    const base = decidingRound(tx);
    core.setStatus(tx, "COMMITTING");
    startRound(core, tx, "validator_appeal", base.leader, set, base.leaderReceipt);
    w.next = "commit";
    return;
  }
  rollbackLane(core, tx, false, `leader appeal of ${tx.hash}`);
  const extra = a.kind === "leader" ? w.initialCount + 2 : 1;
  const last = decidingRound(tx);
  const ordered = orderWithLeader([...last.validators, ...weightedSample(pool, extra, rng)], w.usedLeaders, rng);
  w.run = a.kind === "leader" ? "leader_appeal" : "leader_timeout_appeal";
  tx.rotations = 0;
  tx.result = null;
  delete tx.returnValue;
  core.setStatus(tx, "PENDING");
  core.setStatus(tx, "PROPOSING");
  startRound(core, tx, "leader_appeal", ordered[0], ordered);
  w.next = "lead";
}

/** After the tally of a validator-appeal round. */
export function concludeAppealRound(core: NetworkCore, tx: Transaction, t: TallyResult): void {
  const w = core.work(tx.hash);
  const a = w.appeal!;
  const round = core.currentRound(tx);
  const agreed = t.result === "agree";
  w.appealsDone += 1;
  w.appeal = null;
  w.pendingVotes = null;
  const fail = (label: string, back: "ACCEPTED" | "VALIDATORS_TIMEOUT") => {
    round.label = label;
    tx.appealsFailed += 1;
    w.appealValidators = [...round.validators];
    w.appealMs = a.appealMsBefore + (core.now() - a.submittedAt);
    w.next = null;
    tx.appealBond = minAppealBond(core, tx, back);
    core.setStatus(tx, back);
    core.emit({ type: "appeal_decided", tx: tx.hash, successful: false, label, windowMs: windowMs(core, tx) });
  };

  if (a.kind === "validators_timeout") {
    if (!agreed) return fail("Validators Timeout Appeal Failed", "VALIDATORS_TIMEOUT");
    round.label = "Validator Timeout Appeal Successful";
    refundBond(core, tx, a);
    rollbackLane(core, tx, false, `validators-timeout appeal of ${tx.hash}`);
    tx.appealsFailed = 0;
    accept(core, tx, round.leaderReceipt!);
    core.emit({ type: "appeal_decided", tx: tx.hash, successful: true, label: round.label, windowMs: windowMs(core, tx) });
    return;
  }
  if (agreed) return fail("Validator Appeal Failed", "ACCEPTED");

  round.label = "Validator Appeal Successful";
  refundBond(core, tx, a);
  w.overturnedLeaders.push(round.leader);
  const base = decidingRound(tx);
  const merged = [...new Set([...base.validators, ...round.validators])].filter((id) => !w.usedLeaders.includes(id));
  core.emit({ type: "appeal_decided", tx: tx.hash, successful: true, label: round.label, windowMs: windowMs(core, tx) });
  rollbackLane(core, tx, true, `validator appeal of ${tx.hash}`);
  w.run = "validator_appeal_rerun";
  w.rerunSet = merged;
}

/**
 * Undoes the decided, not yet final transactions of `tx`'s contract that came after `tx` (and `tx`
 * itself with `includeSelf`): the contract goes back to its state before the earliest of them,
 * values go back into escrow, children not started yet are canceled, and the transactions return
 * to PENDING (event `tx_rolled_back`).
 */
export function rollbackLane(core: NetworkCore, tx: Transaction, includeSelf: boolean, because: string): void {
  const w = core.work(tx.hash);
  const later = core
    .laneTxs(w.lane)
    .filter((x) => core.work(x.hash).order > w.order && (DECIDED_STATUSES.includes(x.status) || core.work(x.hash).appeal));
  const affected = includeSelf ? [tx, ...later] : later;
  const first = affected.find((x) => core.work(x.hash).preState);
  if (first) core.chain.restoreContract(tx.to, core.work(first.hash).preState!.contract);
  for (const x of affected) {
    const xw = core.work(x.hash);
    uncreditValue(core, x);
    cancelUnstartedChildren(core, x);
    if (x !== tx && xw.appeal) {
      refundBond(core, x, xw.appeal);
      xw.appeal = null;
    }
    core.emit({ type: "tx_rolled_back", tx: x.hash, because });
    x.result = null;
    delete x.returnValue;
    x.decidedAt = null;
    x.rotations = 0;
    Object.assign(xw, { next: "select", preState: null, postStorage: null, finalReceipt: null, pendingVotes: null, appealMs: 0 });
    if (x !== tx) Object.assign(xw, { run: "normal", usedLeaders: [], rerunSet: null, settledFrom: x.rounds.length });
    core.setStatus(x, "PENDING");
  }
}
