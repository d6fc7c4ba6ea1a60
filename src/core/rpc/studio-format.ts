/**
 * A playground transaction in the JSON shape Studio's `eth_getTransactionByHash` returns for a
 * GenLayer transaction id, which genlayer-js decodes (`decodeLocalnetTransaction`): status by name,
 * base64 calldata, and the leader's receipt whose `result` is base64 of one result-code byte
 * (0 return, 1 rollback / user error, 2 VM error) followed by the calldata or the message.
 */
import type { Network } from "../consensus/engine";
import type { Receipt, Transaction } from "../consensus/types";
import type { ExecutionOutcome } from "../runtime/execution-types";

function b64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function resultBytes(o: ExecutionOutcome | null): Uint8Array {
  if (!o) return new Uint8Array(0);
  if (o.kind === "return") return Uint8Array.of(0, ...o.calldata);
  return Uint8Array.of(o.kind === "user_error" ? 1 : 2, ...new TextEncoder().encode(o.message));
}

function receiptJson(n: Network, r: Receipt, tx: Transaction) {
  return {
    node_config: { address: n.validatorConfig(r.validator).address.toChecksum(), name: r.validator },
    mode: r.role,
    execution_result: r.outcome.kind === "return" ? "SUCCESS" : "ERROR",
    result: b64(resultBytes(r.outcome)),
    calldata: b64(tx.calldata),
    gas_used: Number(r.gasUsed ?? 0n),
  };
}

export function studioTransaction(n: Network, tx: Transaction) {
  const round = tx.rounds.at(-1);
  const code = tx.kind === "deploy" ? n.contractState(tx.to)?.code : undefined;
  return {
    hash: tx.hash,
    status: tx.status,
    from_address: tx.from.toChecksum(),
    to_address: tx.to.toChecksum(),
    type: tx.kind === "deploy" ? 1 : 2,
    value: tx.value.toString(),
    nonce: Number(tx.nonce),
    created_at: n.isoTime(tx.createdAt),
    leader_only: false,
    data: { calldata: b64(tx.calldata), ...(code !== undefined && { contract_code: b64(new TextEncoder().encode(code)) }) },
    result: b64(resultBytes(tx.result)),
    consensus_data: {
      votes: Object.fromEntries((round?.votes ?? []).map((v) => [v.validator, v.vote])),
      leader_receipt: round?.leaderReceipt ? [receiptJson(n, round.leaderReceipt, tx)] : [],
      validators: (round?.validatorReceipts ?? []).map((r) => receiptJson(n, r, tx)),
    },
    appealed: false,
    triggered_transactions: tx.children,
  };
}
