/**
 * The finality window on the virtual clock and finalization. A decided transaction finalizes when
 * `now − decidedAt − appeal time > window × factor^appealsFailed` (Studio's rule; a window of 0 —
 * or a leader-only transaction — finalizes right away) and every older transaction of the same
 * contract is final. Finalizing copies the accepted state to the finalized storage, runs the
 * `on='finalized'` messages, returns a held-back value and settles rewards and slashing.
 */
import { emitChildren } from "./children";
import type { NetworkCore } from "./network-core";
import { settleRewards } from "./rewards";
import { refundValue } from "./tx-factory";
import { DECIDED_STATUSES, type Transaction } from "./types";

/** The current finality (= appeal) window of `tx`, ms. */
export function windowMs(core: NetworkCore, tx: Transaction): number {
  const w = core.work(tx.hash);
  if (w.leaderOnly) return 0;
  return core.settings.finalityWindowMs * core.settings.failedAppealWindowFactor ** tx.appealsFailed;
}

/** Virtual ms of the window used so far (appeal processing time excluded). */
export function windowElapsed(core: NetworkCore, tx: Transaction): number {
  if (tx.decidedAt === null) return 0;
  return core.now() - tx.decidedAt - core.work(tx.hash).appealMs;
}

/** May `tx` still be appealed (decided, window not over)? */
export function appealWindowOpen(core: NetworkCore, tx: Transaction): boolean {
  const win = windowMs(core, tx);
  return DECIDED_STATUSES.includes(tx.status) && win > 0 && windowElapsed(core, tx) <= win;
}

export function canFinalize(core: NetworkCore, tx: Transaction): boolean {
  const w = core.work(tx.hash);
  if (!DECIDED_STATUSES.includes(tx.status) || w.next !== null || w.appeal !== null || tx.decidedAt === null) return false;
  const win = windowMs(core, tx);
  if (win > 0 && !(windowElapsed(core, tx) > win)) return false;
  // earlier transactions of the lane must be final first (settled ones need no look)
  for (const h of core.activeOrder()) {
    const ow = core.work(h);
    if (ow.order >= w.order) break;
    if (ow.lane !== w.lane) continue;
    const status = core.txMap.get(h)!.status;
    if (status !== "FINALIZED" && status !== "CANCELED") return false;
  }
  return true;
}

export function finalize(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  const decided = tx.status;
  const accepted = decided === "ACCEPTED" && w.finalReceipt?.outcome.kind === "return";
  if (accepted && w.postStorage && core.chain.contract(tx.to)) {
    core.chain.setFinalized(tx.to, w.postStorage);
    core.emit({
      type: "state_applied",
      tx: tx.hash,
      contract: tx.to.toChecksum(),
      stateRoot: core.chain.stateRoot(tx.to, "finalized")!,
      stage: "finalized",
    });
  }
  refundValue(core, tx);
  if (w.value === "credited") w.value = "settled";
  settleRewards(core, tx, decided);
  tx.finalizedAt = core.now();
  w.next = null;
  // No rollback or appeal reaches a final transaction: drop its copies of the contract's state,
  // which otherwise pile up (one per transaction, each as large as the contract's storage).
  w.preState = null;
  w.postStorage = null;
  core.setStatus(tx, "FINALIZED");
  core.emit({ type: "finalized", tx: tx.hash, status: decided });
  if (accepted) emitChildren(core, tx, w.finalReceipt!, "finalized");
}
