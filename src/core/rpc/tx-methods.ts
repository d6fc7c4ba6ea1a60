/**
 * Transactions the way genlayer-js sends them to a Studio node: a signed legacy EVM transaction to
 * the consensus main contract calling `addTransaction(sender, recipient, validators, rotations,
 * txData[, validUntil])`, with `txData = RLP([calldata, leaderOnly])` (call) or `RLP([code,
 * calldata, leaderOnly])` (deploy, recipient 0x0). It is decoded, checked (signature, chain,
 * nonce) and submitted to the playground network, which runs consensus at once; the EVM receipt
 * carries the `NewTransaction(txId, recipient, activator)` log genlayer-js reads the id from.
 * `eth_sendRawTransaction` answers the GenLayer transaction id (as Studio does), and
 * `eth_getTransactionByHash` answers it with Studio's transaction JSON; `gen_call`
 * runs reads. Ours, not GenLayer's: `leaderOnly` runs full consensus anyway (noted in README).
 */
import {
  decodeFunctionData, encodeEventTopics, fromRlp, keccak256, parseTransaction, recoverTransactionAddress, type Hex,
} from "viem";
import { Address, bytesToHex } from "../calldata";
import { fromHex0x, toHex0x } from "../confidential/enclave/wire";
import type { Transaction } from "../consensus/types";
import { describeFailure } from "../runtime/errors";
import type { ExecutionOutcome } from "../runtime/execution-types";
import type { EngineNetwork } from "../scenario/engine-network";
import { invalidParams, RpcError, SERVER_ERROR, shown, type RpcMethods } from "./json-rpc";
import { addressParam } from "./node-methods";
import { studioTransaction } from "./studio-format";

/** Where genlayer-js's localnet chain sends transactions. */
export const CONSENSUS_MAIN_ADDRESS = "0xb7278A61aa25c888815aFC32Ad3cC52fF24fE575";
const ZERO = "0x0000000000000000000000000000000000000000";

const ADD_TRANSACTION_ABI = [5, 6].map((n) => ({
  type: "function" as const,
  name: "addTransaction" as const,
  stateMutability: "nonpayable" as const,
  inputs: [
    { name: "_sender", type: "address" },
    { name: "_recipient", type: "address" },
    { name: "_numOfInitialValidators", type: "uint256" },
    { name: "_maxRotations", type: "uint256" },
    { name: "_txData", type: "bytes" },
    ...(n === 6 ? [{ name: "_validUntil", type: "uint256" }] : []),
  ],
  outputs: [],
}));

const NEW_TRANSACTION_EVENT = [
  {
    type: "event" as const,
    name: "NewTransaction" as const,
    anonymous: false,
    inputs: [
      { indexed: true, name: "txId", type: "bytes32" },
      { indexed: true, name: "recipient", type: "address" },
      { indexed: true, name: "activator", type: "address" },
    ],
  },
];

interface EvmRecord {
  hash: Hex;
  from: string;
  txId: string;
  recipient: string;
  block: number;
  nonce: number;
  value: bigint;
  input: Hex;
}



/** A read's failure in one line: the contract's own message, or the VM's exception and detail
 * (not just its exit code). */
function failureText(out: Exclude<ExecutionOutcome, { kind: "return" }>): string {
  return out.kind === "user_error" ? `user error: ${out.message}` : `vm error: ${describeFailure(out).message}`;
}

function rlpList(data: Hex): Hex[] {
  const items = fromRlp(data, "hex");
  if (!Array.isArray(items) || items.some((x) => typeof x !== "string")) throw invalidParams("txData must be an RLP list of byte strings");
  return items as Hex[];
}

export function txMethods(net: EngineNetwork): RpcMethods {
  const n = net.network;
  const evm = new Map<string, EvmRecord>();
  let blocks = 0;
  const blockNumber = () => blocks + Math.floor(n.clock / 1000);

  const sendRaw = async (raw: unknown): Promise<Hex> => {
    if (typeof raw !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(raw)) throw invalidParams("the transaction must be 0x-hex bytes");
    const serialized = raw as Hex;
    let tx: ReturnType<typeof parseTransaction>;
    let from: string;
    try {
      tx = parseTransaction(serialized);
      from = (await recoverTransactionAddress({ serializedTransaction: serialized as never })).toLowerCase();
    } catch {
      throw invalidParams("not a signed Ethereum transaction");
    }
    if (tx.chainId !== undefined && BigInt(tx.chainId) !== n.chainId) throw invalidParams(`chain id ${tx.chainId} is not this node's (${n.chainId})`);
    if (!tx.to || tx.to.toLowerCase() !== CONSENSUS_MAIN_ADDRESS.toLowerCase()) throw invalidParams(`send transactions to the consensus contract ${CONSENSUS_MAIN_ADDRESS}`);
    let call: { args: readonly unknown[] };
    try {
      call = decodeFunctionData({ abi: ADD_TRANSACTION_ABI, data: tx.data ?? "0x" });
    } catch {
      throw invalidParams("the data is not an addTransaction(...) call");
    }
    const [sender, recipient, , , txData] = call.args as [string, string, bigint, bigint, Hex];
    if (sender.toLowerCase() !== from) throw invalidParams("the sender in addTransaction is not the signer");
    const expected = n.accountState(Address.fromHex(from)).nonce;
    if (BigInt(tx.nonce ?? 0) !== expected) throw new RpcError(SERVER_ERROR, `nonce ${tx.nonce ?? 0} is not the account's next nonce (${expected})`);
    const items = rlpList(txData);
    const deploy = recipient.toLowerCase() === ZERO;
    if (items.length !== (deploy ? 3 : 2)) throw invalidParams(`txData must hold ${deploy ? "[code, calldata, leaderOnly]" : "[calldata, leaderOnly]"}`);
    const sender20 = Address.fromHex(from);
    const calldata = fromHex0x(items[deploy ? 1 : 0]!, "calldata");
    const value = tx.value ?? 0n;
    let txId: string;
    if (deploy) {
      const code = new TextDecoder("utf-8", { fatal: false }).decode(fromHex0x(items[0]!, "code"));
      txId = await net.submit({ kind: "deploy", from: sender20, code, calldata, value, mode: "strict" });
    } else {
      txId = await net.submit({ kind: "call", from: sender20, to: Address.fromHex(recipient), calldata, value, mode: "strict" });
    }
    await net.runUntilIdle();
    blocks += 1;
    // As Studio does: the answer is the GenLayer transaction id, and its EVM receipt is found by it.
    const hash = txId as Hex;
    const created = n.getTx(txId)!;
    evm.set(hash.toLowerCase(), { hash, from, txId, recipient: created.to.toHex(), block: blockNumber(), nonce: Number(tx.nonce ?? 0), value, input: tx.data ?? "0x" });
    return hash;
  };

  const receipt = (r: EvmRecord) => {
    const blockHash = keccak256(fromHex0x(r.hash, "hash"));
    const topics = encodeEventTopics({ abi: NEW_TRANSACTION_EVENT, eventName: "NewTransaction", args: { txId: r.txId as Hex, recipient: r.recipient as Hex, activator: r.from as Hex } });
    return {
      transactionHash: r.hash, transactionIndex: "0x0", blockHash, blockNumber: "0x" + r.block.toString(16), from: r.from, to: CONSENSUS_MAIN_ADDRESS,
      cumulativeGasUsed: "0x0", gasUsed: "0x0", effectiveGasPrice: "0x0", contractAddress: null, type: "0x0", status: "0x1",
      logsBloom: "0x" + "00".repeat(256),
      logs: [{ address: CONSENSUS_MAIN_ADDRESS, topics, data: "0x", blockNumber: "0x" + r.block.toString(16), blockHash, transactionHash: r.hash, transactionIndex: "0x0", logIndex: "0x0", removed: false }],
    };
  };

  /** A write run through consensus on the current state, then undone: nothing it did stays. */
  const simulateWrite = async (to: Address, from: Address, calldata: Uint8Array) => {
    const before = n.snapshot();
    try {
      const hash = await net.submit({ kind: "call", from, to, calldata, value: 0n, mode: "strict" });
      await net.runUntilIdle();
      const result = n.getTx(hash)?.result;
      if (!result) throw new RpcError(SERVER_ERROR, "the simulated call was not decided");
      return result;
    } finally {
      n.restore(before);
    }
  };

  const genlayerTx = (hash: string): Transaction | undefined => (/^0x[0-9a-fA-F]{64}$/.test(hash) ? n.getTx(hash.toLowerCase()) ?? n.getTx(hash) : undefined);

  return {
    eth_estimateGas: () => "0x30d40",
    eth_sendRawTransaction: ([raw]) => sendRaw(raw),
    eth_getTransactionReceipt: ([hash]) => {
      if (typeof hash !== "string") throw invalidParams("the hash must be 0x-hex");
      const r = evm.get(hash.toLowerCase());
      return r ? receipt(r) : null;
    },
    eth_getTransactionByHash: ([hash]) => {
      if (typeof hash !== "string") throw invalidParams("the hash must be 0x-hex");
      const tx = genlayerTx(hash);
      return tx ? studioTransaction(n, tx) : null;
    },
    gen_getTransactionStatus: ([hash]) => {
      if (typeof hash !== "string") throw invalidParams("the hash must be 0x-hex");
      const tx = genlayerTx(hash);
      if (!tx) throw new RpcError(SERVER_ERROR, `transaction ${shown(hash)} not found`);
      return tx.status;
    },
    gen_call: async ([request]) => {
      if (typeof request !== "object" || request === null) throw invalidParams("gen_call takes one object {type, to, from, data, transaction_hash_variant}");
      const q = request as Record<string, unknown>;
      if (q.type !== undefined && q.type !== "read" && q.type !== "write") throw invalidParams('type must be "read" or "write"');
      const to = addressParam(q.to, "to");
      const from = q.from === undefined ? Address.fromHex(ZERO) : addressParam(q.from, "from");
      if (typeof q.data !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(q.data)) throw invalidParams("data must be 0x-hex");
      const items = rlpList(q.data as Hex);
      if (items.length < 1) throw invalidParams("data must be RLP([calldata, leaderOnly])");
      const state = q.transaction_hash_variant === "latest-final" ? "finalized" : "accepted";
      const out = q.type === "write" ? await simulateWrite(to, from, fromHex0x(items[0]!, "calldata")) : await net.view({ to, from, calldata: fromHex0x(items[0]!, "calldata"), state });
      if (out.kind !== "return") throw new RpcError(SERVER_ERROR, failureText(out));
      return bytesToHex(out.calldata);
    },
    /** Studio's eth_call on an intelligent contract: `data` is the calldata of a view; the answer its return calldata. */
    eth_call: async ([request]) => {
      if (typeof request !== "object" || request === null) throw invalidParams("eth_call takes one object {to, from?, data}");
      const q = request as Record<string, unknown>;
      const to = addressParam(q.to, "to");
      const from = q.from === undefined || q.from === null ? Address.fromHex(ZERO) : addressParam(q.from, "from");
      if (typeof q.data !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(q.data)) throw invalidParams("data must be 0x-hex calldata");
      if (!n.contractState(to)) throw new RpcError(SERVER_ERROR, `no intelligent contract at ${to.toChecksum()}`);
      const out = await net.view({ to, from, calldata: fromHex0x(q.data, "data"), state: "accepted" });
      if (out.kind !== "return") throw new RpcError(SERVER_ERROR, failureText(out));
      return toHex0x(out.calldata);
    },
    sim_getConsensusContract: () => ({ address: CONSENSUS_MAIN_ADDRESS, abi: [...ADD_TRANSACTION_ABI, ...NEW_TRANSACTION_EVENT] }),
  };
}
