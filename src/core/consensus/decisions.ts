/**
 * Deciding a transaction: ACCEPTED (apply the leader's writes, credit the value, run the
 * `on='accepted'` messages) or UNDETERMINED / LEADER_TIMEOUT / VALIDATORS_TIMEOUT (nothing
 * applied). Also closes a leader appeal's re-run and prices the next appeal.
 */
import type { Address } from "../calldata";
import { applyWrites } from "../runtime/state-root";
import { emitChildren } from "./children";
import { leaderAppealBond, validatorAppealBond } from "./fees";
import { windowMs } from "./finality";
import { decidedLabel, type NetworkCore } from "./network-core";
import { creditValue } from "./tx-factory";
import type { Receipt, Transaction, TxStatus } from "./types";

/** Minimum bond to appeal `tx` in its current status (0 when it cannot be appealed). */
export function minAppealBond(core: NetworkCore, tx: Transaction, status: TxStatus = tx.status): bigint {
  const w = core.work(tx.hash);
  if (w.leaderOnly) return 0n;
  const round = 2 * w.appealsDone;
  if (status === "ACCEPTED" || status === "VALIDATORS_TIMEOUT") return validatorAppealBond(round, core.fees);
  if (status === "UNDETERMINED" || status === "LEADER_TIMEOUT") return leaderAppealBond(round, core.settings.maxRotations, core.fees);
  return 0n;
}

function capturePreState(core: NetworkCore, tx: Transaction): void {
  core.work(tx.hash).preState = { contract: core.chain.copyContract(tx.to), balance: core.chain.balanceOf(tx.to) };
}

/** Gives a held appeal bond back to its payer. */
export function refundBond(core: NetworkCore, tx: Transaction, by: { by: Address; bond: bigint }): void {
  if (by.bond === 0n) return;
  core.chain.credit(by.by, by.bond);
  core.emit({ type: "transfer", tx: tx.hash, from: "appeal bond", to: by.by.toChecksum(), value: by.bond.toString() });
}

function markDecided(core: NetworkCore, tx: Transaction, status: TxStatus): void {
  const w = core.work(tx.hash);
  w.next = null;
  w.pendingVotes = null;
  tx.decidedAt = core.now();
  w.appealMs = 0;
  const appeal = w.appeal;
  const leaderAppeal = appeal && (appeal.kind === "leader" || appeal.kind === "leader_timeout");
  if (leaderAppeal) {
    const successful = status === "ACCEPTED";
    w.appealsDone += 1;
    w.appeal = null;
    if (successful) {
      tx.appealsFailed = 0;
      refundBond(core, tx, appeal);
    } else {
      // The window keeps running from the original decision; the appeal time does not count.
      tx.appealsFailed += 1;
      tx.decidedAt = appeal.decidedAtBefore;
      w.appealMs = appeal.appealMsBefore + (core.now() - appeal.submittedAt);
    }
    const label = decidedLabel(w.run, status);
    w.run = "normal";
    tx.appealBond = minAppealBond(core, tx, status);
    core.setStatus(tx, status);
    core.emit({ type: "appeal_decided", tx: tx.hash, successful, label, windowMs: windowMs(core, tx) });
    return;
  }
  w.run = "normal";
  tx.appealBond = minAppealBond(core, tx, status);
  core.setStatus(tx, status);
}

/** UNDETERMINED, LEADER_TIMEOUT or VALIDATORS_TIMEOUT: nothing is applied. */
export function decide(core: NetworkCore, tx: Transaction, status: "UNDETERMINED" | "LEADER_TIMEOUT" | "VALIDATORS_TIMEOUT"): void {
  capturePreState(core, tx);
  tx.result = null;
  delete tx.returnValue;
  core.work(tx.hash).finalReceipt = null;
  markDecided(core, tx, status);
}

/** ACCEPTED with `receipt` (the deciding leader receipt). */
export function accept(core: NetworkCore, tx: Transaction, receipt: Receipt): void {
  const w = core.work(tx.hash);
  capturePreState(core, tx);
  const ok = receipt.outcome.kind === "return";
  w.postStorage = null;
  if (ok) {
    creditValue(core, tx);
    if (tx.kind === "deploy") core.chain.registerContract(tx.to, tx.code ?? "", applyWrites(new Map(), receipt.writes), tx.hash);
    else core.chain.setAccepted(tx.to, applyWrites(core.chain.contract(tx.to)!.accepted, receipt.writes));
    w.postStorage = new Map(core.chain.contract(tx.to)!.accepted);
    core.emit({
      type: "state_applied",
      tx: tx.hash,
      contract: tx.to.toChecksum(),
      stateRoot: core.chain.stateRoot(tx.to, "accepted")!,
      stage: "accepted",
    });
  }
  tx.result = receipt.outcome;
  if (receipt.outcome.kind === "return") tx.returnValue = receipt.outcome.value;
  else delete tx.returnValue;
  w.finalReceipt = receipt;
  markDecided(core, tx, "ACCEPTED");
  if (ok) emitChildren(core, tx, receipt, "accepted");
}
