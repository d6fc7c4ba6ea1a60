/** Structural copies of the engine's transaction state, for `Network.snapshot()` / `restore()`.
 * Receipts are shared (they never change once made), so receipt identity survives a restore. */
import type { ChainSnapshot, ContractRecord } from "../chain";
import type { TxWork } from "./network-core";
import type { Transaction } from "./types";

/** Everything a network is at one moment (take it between steps). */
export interface NetworkSnapshot {
  chain: ChainSnapshot;
  txs: [string, Transaction][];
  work: [string, TxWork][];
  order: string[];
  clock: number;
  eventCount: number;
  /** State of a layer beside the engine (the confidential chain's ledger), plain data. */
  extension?: unknown;
}

export function cloneTx(t: Transaction): Transaction {
  return {
    ...t,
    statusHistory: [...t.statusHistory],
    children: [...t.children],
    rounds: t.rounds.map((r) => ({ ...r, validators: [...r.validators], validatorReceipts: [...r.validatorReceipts], votes: r.votes.map((v) => ({ ...v })) })),
  };
}

export function cloneWork(w: TxWork): TxWork {
  return {
    ...w,
    usedLeaders: [...w.usedLeaders],
    pendingVotes: w.pendingVotes ? w.pendingVotes.map((p) => ({ ...p })) : null,
    preState: w.preState ? { balance: w.preState.balance, contract: copyRecord(w.preState.contract) } : null,
    postStorage: w.postStorage ? new Map(w.postStorage) : null,
    rerunSet: w.rerunSet ? [...w.rerunSet] : null,
    appeal: w.appeal ? { ...w.appeal } : null,
    appealValidators: [...w.appealValidators],
    overturnedLeaders: [...w.overturnedLeaders],
  };
}

function copyRecord(r: ContractRecord | null): ContractRecord | null {
  if (!r) return null;
  return { ...r, accepted: new Map(r.accepted), finalized: r.finalized ? new Map(r.finalized) : null };
}
