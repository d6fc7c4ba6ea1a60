/**
 * Child transactions: the messages and deploys a contract emitted (`PostMessage`,
 * `DeployContract`, `EthSend` effects) become transactions when the parent reaches the stage the
 * effect asked for (`on='accepted'` at acceptance — again after every re-acceptance — and
 * `on='finalized'` at finalization). A child's sender is the emitting contract; its origin is the
 * parent's origin.
 */
import { Address, type CalldataValue } from "../calldata";
import { saltedContractAddress } from "../chain";
import type { Effect } from "../runtime/execution-types";
import type { NetworkCore } from "./network-core";
import { cancelPending, createTransaction } from "./tx-factory";
import type { Receipt, Transaction } from "./types";

const utf8 = new TextDecoder();

function get(p: Map<string, CalldataValue>, key: string): CalldataValue | undefined {
  return p.get(key);
}

function asAddress(v: CalldataValue | undefined): Address | null {
  if (v instanceof Address) return v;
  if (v instanceof Uint8Array && v.length === 20) return new Address(v);
  return null;
}

function asBigint(v: CalldataValue | undefined): bigint {
  return typeof v === "bigint" && v >= 0n ? v : 0n;
}

function asBytes(v: CalldataValue | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") return new TextEncoder().encode(v);
  return new Uint8Array(0);
}

/** The stage an effect waits for (`EthSend` is always 'finalized'; events never run). */
export function effectStage(e: Effect): "accepted" | "finalized" | null {
  if (e.kind === "EmitEvent") return null;
  if (e.kind === "EthSend") return "finalized";
  return get(e.payload, "on") === "accepted" ? "accepted" : "finalized";
}

/** Creates the children of `parent` for the effects of `receipt` that wait for `stage`. */
export function emitChildren(core: NetworkCore, parent: Transaction, receipt: Receipt, stage: "accepted" | "finalized"): Transaction[] {
  const out: Transaction[] = [];
  const from = parent.to;
  for (const e of receipt.effects) {
    if (effectStage(e) !== stage) continue;
    const p = e.payload;
    const common = { from, parent, triggeredOn: stage, origin: parent.origin, mode: parent.mode } as const;
    if (e.kind === "PostMessage" || e.kind === "EthSend") {
      const to = asAddress(get(p, "address"));
      if (!to) continue;
      const value = asBigint(get(p, "value"));
      const isContract = e.kind === "PostMessage" && core.contractExpected(to);
      out.push(
        createTransaction(core, {
          ...common,
          kind: isContract ? "call" : "transfer",
          to,
          calldata: isContract ? asBytes(get(p, "calldata")) : new Uint8Array(0),
          value,
        }),
      );
    } else if (e.kind === "DeployContract") {
      const salt = asBigint(get(p, "salt_nonce"));
      out.push(
        createTransaction(core, {
          ...common,
          kind: "deploy",
          to: salt !== 0n ? saltedContractAddress(from, salt, core.chainId) : undefined,
          code: utf8.decode(asBytes(get(p, "code"))),
          calldata: asBytes(get(p, "calldata")),
          value: asBigint(get(p, "value")),
        }),
      );
    }
  }
  return out;
}

/** Cancels the children of `tx` that have not started yet (used when `tx` is rolled back). */
export function cancelUnstartedChildren(core: NetworkCore, tx: Transaction): void {
  for (const h of tx.children) {
    const c = core.tx(h);
    if (c.status === "PENDING" && core.work(h).next === "select") cancelPending(core, c, tx.hash);
  }
}
