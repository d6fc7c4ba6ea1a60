/**
 * Types of the Optimistic Democracy engine: transactions, rounds, votes, validators, settings.
 * Everything here is plain data (JSON-friendly except bigint/Uint8Array) so reports, snapshots and
 * the UI can use it directly.
 */
import type { Address, CalldataValue } from "../calldata";
import type { Effect, ExecutionOutcome, SlotMap } from "../runtime/execution-types";
import type { ConfidentialReceiptInfo, ConfidentialTxData } from "../confidential/protocol";

export const TX_STATUSES = [
  "PENDING",
  "PROPOSING",
  "COMMITTING",
  "REVEALING",
  "ACCEPTED",
  "UNDETERMINED",
  "FINALIZED",
  "CANCELED",
  "LEADER_TIMEOUT",
  "VALIDATORS_TIMEOUT",
] as const;
export type TxStatus = (typeof TX_STATUSES)[number];

/** Statuses after which only the finality window (and appeals) remain. */
export const DECIDED_STATUSES: readonly TxStatus[] = ["ACCEPTED", "UNDETERMINED", "LEADER_TIMEOUT", "VALIDATORS_TIMEOUT"];

export type Vote = "agree" | "disagree" | "timeout" | "deterministic_violation";

export type TxKind = "deploy" | "call" | "transfer";

/** Strict: the full validator set. Fast: the leader plus `fastValidators` others (0 = leader only). */
export type ConsensusMode = "strict" | "fast";

export type ValidatorBehaviour = "honest" | "malicious_leader" | "always_disagree" | "offline" | "slow" | "flaky_llm" | "bad_shares";

export interface LlmConfig {
  /** "scripted" (rules), "recorded", "webllm" or "openai" (any OpenAI-compatible server). */
  provider: string;
  model?: string;
  temperature?: number;
  seed?: number;
  /** OpenAI-compatible server, e.g. "http://localhost:11434/v1". API keys are never stored here. */
  baseUrl?: string;
  /** Upper bound on the tokens of one answer. */
  maxTokens?: number;
}

export interface ValidatorConfig {
  /** Stable id used in scenarios and events ("v1"...). */
  id: string;
  address: Address;
  stake: bigint;
  behaviour: ValidatorBehaviour;
  llm: LlmConfig;
  /** Runs an (emulated) enclave: can be attested and join confidential committees. */
  enclave?: boolean;
}

export interface ConsensusSettings {
  /** Validators per transaction, leader included (Studio default 5). */
  validatorsPerTx: number;
  /** Leader rotations before UNDETERMINED (Studio default 3). */
  maxRotations: number;
  /** Finality window on the virtual clock, ms (Studio default 30 s). */
  finalityWindowMs: number;
  /** Window multiplier per failed appeal (Studio: 1 − 0.2). */
  failedAppealWindowFactor: number;
  /** Fast mode: how many validators besides the leader (0 = leader only). */
  fastValidators: number;
  /** Virtual time a validator may take before its vote counts as timeout, ms. */
  executionTimeoutMs: number;
  /** Wall-clock bound on one Python execution, ms (infinite loops end here). */
  computeTimeoutMs: number;
  /** Share of stake slashed from a validator on the losing side of a finalized outcome (basis points). */
  slashBps: number;
  /** Extra share slashed from a leader whose result an appeal overturned (basis points). */
  leaderSlashBps: number;
  /** Fee paid to every validator that voted with the final outcome (wei). */
  validatorFee: bigint;
}

export const DEFAULT_SETTINGS: ConsensusSettings = {
  validatorsPerTx: 5,
  maxRotations: 3,
  finalityWindowMs: 30_000,
  failedAppealWindowFactor: 0.8,
  fastValidators: 2,
  executionTimeoutMs: 600_000,
  computeTimeoutMs: 20_000,
  slashBps: 100,
  leaderSlashBps: 500,
  validatorFee: 10n ** 15n,
};

/** What one validator produced for one transaction in one round. */
export interface Receipt {
  validator: string;
  role: "leader" | "validator";
  outcome: ExecutionOutcome;
  stateRoot: string;
  /** Storage writes of this execution (slot → full new content; empty content = deleted). The
   * engine applies the leader's writes to the contract's accepted storage on acceptance. */
  writes: SlotMap;
  /** Leader only: the encoded results of its non-deterministic blocks, handed to validators. */
  nondet: Uint8Array[];
  effects: Effect[];
  gasUsed: bigint;
  llmTokens: number;
  stdout: string;
  /** Virtual ms the execution took. */
  durationMs: number;
  /** The non-deterministic requests this validator made (prompts, web) and the answers it got, in
   * order — what the UI puts side by side, leader vs validator. No timings (runs stay identical). */
  hostCalls?: { request: string; payload: CalldataValue; answer: CalldataValue }[];
  /** A confidential execution: shares, evidence and what stayed inside the enclave. */
  confidential?: ConfidentialReceiptInfo;
}

export interface VoteRecord {
  validator: string;
  vote: Vote;
  /** keccak256(vote ‖ salt) committed before the reveal. */
  commitment: string;
  /** Why, in words (e.g. "result differs from the leader's"). */
  reason: string;
}

export type RoundKind = "normal" | "rotation" | "validator_appeal" | "leader_appeal";

export interface Round {
  index: number;
  kind: RoundKind;
  leader: string;
  validators: string[];
  leaderReceipt: Receipt | null;
  validatorReceipts: Receipt[];
  votes: VoteRecord[];
  result: "agree" | "disagree" | "timeout" | "no_majority" | "leader_timeout" | null;
  /** Human label as Studio shows it ("Accepted", "Leader Rotation", "Validator Appeal Failed"...). */
  label: string;
}

export interface Transaction {
  hash: string;
  kind: TxKind;
  from: Address;
  /** Call/transfer: the recipient. Deploy: the new contract's address (fixed at submission). */
  to: Address;
  /** The account that started the chain of transactions (`from` for a user's transaction; a
   * child inherits its parent's origin). */
  origin: Address;
  value: bigint;
  nonce: bigint;
  /** Deploy: the contract code. */
  code?: string;
  /** Entry calldata (deploy: `{args, kwargs}`, call: `{method, args, kwargs}`). */
  calldata: Uint8Array;
  mode: ConsensusMode;
  status: TxStatus;
  statusHistory: TxStatus[];
  rounds: Round[];
  /** The accepted outcome (leader receipt of the deciding round). */
  result: ExecutionOutcome | null;
  rotations: number;
  appealsFailed: number;
  /** Virtual time the tx entered ACCEPTED/UNDETERMINED/..., ms. */
  decidedAt: number | null;
  finalizedAt: number | null;
  parent: string | null;
  children: string[];
  /** For a child: when it was triggered ("accepted" | "finalized"). */
  triggeredOn: "accepted" | "finalized" | null;
  createdAt: number;
  appealBond: bigint;
  /** Decoded return value, for reports. */
  returnValue?: CalldataValue;
  /** Encrypted arguments and their committee (a call or deploy of a confidential contract). */
  confidential?: ConfidentialTxData;
}
