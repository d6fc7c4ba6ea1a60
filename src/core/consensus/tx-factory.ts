/**
 * Creating transactions (user submissions and children) and the immediate value transfers.
 */
import { encode, type Address } from "../calldata";
import { addressKey, contractAddress, txHash } from "../chain";
import type { NetworkCore, TxWork } from "./network-core";
import type { ConsensusMode, Transaction, TxKind } from "./types";
import type { ConfidentialTxData } from "../confidential/protocol";
import { keccak_256 } from "@noble/hashes/sha3.js";

export interface NewTransaction {
  kind: TxKind;
  from: Address;
  /** Required for calls and transfers; for a deploy, a fixed (salted) address or the default. */
  to?: Address;
  code?: string;
  calldata: Uint8Array;
  value: bigint;
  mode: ConsensusMode;
  parent: Transaction | null;
  triggeredOn: "accepted" | "finalized" | null;
  origin: Address;
  /** Encrypted arguments (a confidential contract); its sender nonce must be the tx's nonce. */
  confidential?: ConfidentialTxData;
}

const EMPTY_CALLDATA = encode({});

export function defaultCalldata(kind: TxKind): Uint8Array {
  return kind === "transfer" ? new Uint8Array(0) : EMPTY_CALLDATA;
}

/**
 * Records a new transaction (events `tx_created`, `child_tx`). A transfer is applied and finalized
 * at once; a deploy or call holds its value back from the sender until it is decided. A child
 * whose sender cannot pay the value is CANCELED (users are checked before submitting).
 */
export function createTransaction(core: NetworkCore, n: NewTransaction): Transaction {
  if (n.confidential && n.confidential.senderNonce !== core.chain.nonceOf(n.from))
    throw new Error("the encrypted arguments were made for another sender nonce: encrypt them again");
  const nonce = core.chain.useNonce(n.from);
  let to = n.to;
  if (n.kind === "deploy" && !to) to = contractAddress(n.from, nonce);
  if (!to) throw new Error(`a ${n.kind} transaction needs a recipient`);
  // The hash commits to the ciphertext too (appended as its keccak to the calldata).
  const hashed = n.confidential ? concat(n.calldata, keccak_256(n.confidential.ciphertext)) : n.calldata;
  const hash = txHash({ kind: n.kind, from: n.from, to, value: n.value, nonce, calldata: hashed, code: n.code, parent: n.parent?.hash ?? null });
  if (core.txMap.has(hash)) throw new Error(`duplicate transaction ${hash}`);
  const tx: Transaction = {
    hash,
    kind: n.kind,
    from: n.from,
    to,
    origin: n.origin,
    value: n.value,
    nonce,
    ...(n.code !== undefined ? { code: n.code } : {}),
    calldata: n.calldata,
    ...(n.confidential ? { confidential: n.confidential } : {}),
    mode: n.mode,
    status: "PENDING",
    statusHistory: ["PENDING"],
    rounds: [],
    result: null,
    rotations: 0,
    appealsFailed: 0,
    decidedAt: null,
    finalizedAt: null,
    parent: n.parent?.hash ?? null,
    children: [],
    triggeredOn: n.triggeredOn,
    createdAt: core.now(),
    appealBond: 0n,
  };
  const work: TxWork = {
    order: core.order.length,
    lane: addressKey(to),
    next: null,
    value: "escrow",
    usedLeaders: [],
    pendingVotes: null,
    preState: null,
    postStorage: null,
    finalReceipt: null,
    run: "normal",
    rerunSet: null,
    appeal: null,
    appealValidators: [],
    appealsDone: 0,
    appealMs: 0,
    initialCount: 0,
    settledFrom: 0,
    overturnedLeaders: [],
    leaderOnly: false,
  };
  core.txMap.set(hash, tx);
  core.workMap.set(hash, work);
  core.order.push(hash);
  core.emit({
    type: "tx_created",
    tx: hash,
    kind: n.kind,
    from: n.from.toChecksum(),
    to: to.toChecksum(),
    mode: n.mode,
    parent: tx.parent,
  });
  if (n.parent) {
    n.parent.children.push(hash);
    core.emit({ type: "child_tx", parent: n.parent.hash, child: hash, on: n.triggeredOn ?? "accepted", kind: n.kind });
  }

  const affordable = core.chain.balanceOf(n.from) >= n.value;
  if (!affordable) {
    tx.result = { kind: "vm_error", message: "insufficient balance for the transaction value" };
    work.value = "settled";
    core.setStatus(tx, "CANCELED");
    return tx;
  }
  if (n.kind === "transfer") {
    core.chain.transfer(n.from, to, n.value);
    work.value = "settled";
    core.emit({ type: "transfer", tx: hash, from: n.from.toChecksum(), to: to.toChecksum(), value: n.value.toString() });
    tx.decidedAt = core.now();
    tx.finalizedAt = core.now();
    core.setStatus(tx, "FINALIZED");
    core.emit({ type: "finalized", tx: hash, status: "FINALIZED" });
    return tx;
  }
  core.chain.debit(n.from, n.value);
  work.next = "select";
  return tx;
}

/** Gives a held-back value back to the sender (tx undone or never executed). */
export function refundValue(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  if (w.value !== "escrow") return;
  w.value = "settled";
  if (tx.value === 0n) return;
  core.chain.credit(tx.from, tx.value);
  core.emit({ type: "transfer", tx: tx.hash, from: tx.to.toChecksum(), to: tx.from.toChecksum(), value: tx.value.toString() });
}

/** Credits a held-back value to the recipient (tx accepted). */
export function creditValue(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  if (w.value !== "escrow") return;
  w.value = "credited";
  if (tx.value === 0n) return;
  core.chain.credit(tx.to, tx.value);
  core.emit({ type: "transfer", tx: tx.hash, from: tx.from.toChecksum(), to: tx.to.toChecksum(), value: tx.value.toString() });
}

/** Takes a credited value back from the recipient into escrow (tx rolled back). */
export function uncreditValue(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  if (w.value !== "credited") return;
  w.value = "escrow";
  if (tx.value === 0n) return;
  const acc = core.chain.account(tx.to);
  acc.balance -= tx.value < acc.balance ? tx.value : acc.balance;
}

/** Cancels a PENDING transaction (its value goes back). `because` (a rollback) also emits
 * `tx_rolled_back`. */
export function cancelPending(core: NetworkCore, tx: Transaction, because?: string): void {
  const w = core.work(tx.hash);
  refundValue(core, tx);
  w.next = null;
  if (because !== undefined) core.emit({ type: "tx_rolled_back", tx: tx.hash, because });
  core.setStatus(tx, "CANCELED");
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
