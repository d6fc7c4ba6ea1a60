/**
 * Transactions a page reload or crash caught with consensus work left: every transaction of a saved
 * network whose next phase had not run yet (not only the mid-consensus ones `midConsensus` lists:
 * a transaction waiting to be selected or appealed stops too, since nothing runs it after a reload
 * until the user resumes). After the restore the UI marks them until something happens to them.
 */
import type { NetworkEvent } from "../consensus";
import type { Phase } from "../consensus/network-core";
import type { Transaction, TxStatus } from "../consensus/types";
import type { SavedNetwork } from "./network-state";

export interface InterruptedWork {
  hash: string;
  status: TxStatus;
  /** The phase that runs when the transaction resumes. */
  phase: Phase;
  /** 0-based index of the round it was in. */
  round: number;
  /** Validator executions were running when the page went away: the phase runs again from its start. */
  executionsLost: boolean;
  /** The work belongs to an appeal of the transaction. */
  appeal: boolean;
}

export interface InterruptedSet {
  work: InterruptedWork[];
  /** Events of the restored log: anything after them is new. */
  restoredEvents: number;
}

const PHASE_TEXT: Record<Phase, string> = {
  select: "validator selection",
  lead: "the leader's execution",
  commit: "validator voting (commit)",
  reveal: "the vote reveal",
  appeal: "the appeal",
  finalize: "finalization",
};

/** Every transaction of `saved` with a phase still to run. */
export function interruptedWork(saved: SavedNetwork): InterruptedSet {
  const { snapshot, events } = saved;
  const txs = new Map(snapshot.txs);
  const running = new Set<string>();
  // `captureNetwork` keeps a phase's `execution_started` events past `eventCount` (see network-state.ts).
  for (let i = snapshot.eventCount; i < events.length; i++) {
    const e = events[i];
    if (e.type === "execution_started") running.add(e.tx);
  }
  const work: InterruptedWork[] = [];
  for (const [hash, w] of snapshot.work) {
    const tx = txs.get(hash);
    if (!w.next || !tx) continue;
    work.push({ hash, status: tx.status, phase: w.next, round: Math.max(0, tx.rounds.length - 1), executionsLost: running.has(hash), appeal: w.appeal !== null });
  }
  work.sort((a, b) => snapshot.order.indexOf(a.hash) - snapshot.order.indexOf(b.hash));
  return { work, restoredEvents: snapshot.eventCount };
}

/** One line for the UI: what the reload did to the transaction and what resuming does. */
export function interruptedLine(w: InterruptedWork, label: string): string {
  const phase = w.appeal && w.phase !== "appeal" ? `${PHASE_TEXT[w.phase]} of its appeal` : PHASE_TEXT[w.phase];
  return w.executionsLost
    ? `${label} was interrupted by a reload during ${phase} (${w.status}); that phase runs again when you resume.`
    : `${label} stopped at ${w.status} when the page reloaded (next: ${phase}); it continues when you resume.`;
}

/** What `pruneInterrupted` looks at: the session's transactions and event log now. */
export interface LiveChain {
  transactions: readonly Pick<Transaction, "hash">[];
  events: readonly NetworkEvent[];
}

/**
 * The entries still untouched since the restore: dropped once their transaction has a new event
 * (it resumed), is gone (the network was reset), or the log is shorter than the restored one (a
 * fresh network). Returns the same array when nothing changed.
 */
export function pruneInterrupted(set: InterruptedSet, chain: LiveChain): InterruptedSet {
  if (set.work.length === 0) return set;
  if (chain.events.length < set.restoredEvents) return { ...set, work: [] };
  const present = new Set(chain.transactions.map((t) => t.hash));
  const touched = new Set<string>();
  for (let i = set.restoredEvents; i < chain.events.length; i++) {
    const e = chain.events[i];
    if ("tx" in e && typeof e.tx === "string") touched.add(e.tx);
  }
  const work = set.work.filter((w) => present.has(w.hash) && !touched.has(w.hash));
  return work.length === set.work.length ? set : { ...set, work };
}
