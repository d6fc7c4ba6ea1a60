/**
 * The report of a scenario run: plain JSON (amounts as decimal strings, addresses as checksum hex)
 * so the CLI prints it as is and tests compare it.
 */
import type { Address } from "../calldata";
import type { NetworkEvent } from "../consensus/events";
import type { ConsensusMode, Round, Transaction, TxKind, TxStatus, Vote } from "../consensus/types";
import { describeFailure } from "../runtime/errors";
import type { JsonValue, StepKind } from "./format";
import { toJsonSafe } from "./values";

export interface VoteReport {
  validator: string;
  vote: Vote;
  reason: string;
}

export interface RoundReport {
  index: number;
  kind: Round["kind"];
  label: string;
  leader: string;
  validators: string[];
  /** What the leader's execution ended with ("return", "user_error", "vm_error"), if it ran. */
  leaderOutcome: string | null;
  votes: VoteReport[];
  result: Round["result"];
}

export interface TxReport {
  /** The step's label (deploys always have one); absent for child transactions. */
  label?: string;
  /** Index of the step that submitted it; absent for child transactions. */
  step?: number;
  hash: string;
  kind: TxKind;
  from: string;
  to: string;
  value: string;
  mode: ConsensusMode;
  status: TxStatus;
  statusHistory: TxStatus[];
  /** Decoded return value of the accepted execution. */
  result?: JsonValue;
  /** Why the accepted execution failed, in one line. */
  error?: string;
  /** Gas of the deciding leader execution. */
  gasUsed: string;
  rounds: RoundReport[];
  rotations: number;
  appealsFailed: number;
  parent: string | null;
  children: string[];
  createdAt: number;
  decidedAt: number | null;
  finalizedAt: number | null;
}

export interface StepReport {
  step: number;
  kind: StepKind;
  label?: string;
  /** Hash of the transaction a deploy or call submitted. */
  tx?: string;
  /** A view step's value, or its error. */
  result?: JsonValue;
  error?: string;
}

export interface ContractReport {
  label: string;
  address: string;
  /** File path or `contracts.<label>`. */
  source: string;
  /** Accepted state root; null when the contract does not exist (its deploy failed). */
  stateRoot: string | null;
  balance: string;
  /** Values of the `report.views` methods this contract has. */
  views: Record<string, { result: JsonValue } | { error: string }>;
}

export interface AccountReport {
  name: string;
  address: string;
  balance: string;
}

export interface ValidatorReport {
  id: string;
  address: string;
  behaviour: string;
  stake: string;
  balance: string;
  reputation: number;
}

export interface ExpectationResult {
  step: number;
  label: string;
  ok: boolean;
  expected: JsonValue;
  actual: JsonValue;
  /** `step N (<label>): expected X, got Y` (or what held, when ok). */
  message: string;
}

export interface ScenarioReport {
  version: 1;
  name: string;
  seed: string | number;
  /** Every expectation held and no step failed. */
  ok: boolean;
  /** A step that could not run (bad input, missing file, wrong argument...), in one line. */
  error?: { step: number | null; message: string };
  steps: StepReport[];
  transactions: TxReport[];
  contracts: ContractReport[];
  accounts: AccountReport[];
  validators: ValidatorReport[];
  events: { count: number; byType: Record<string, number> };
  expectations: ExpectationResult[];
}

export function txError(tx: Transaction): string | undefined {
  if (!tx.result || tx.result.kind === "return") return undefined;
  return describeFailure(tx.result).message;
}

export function txReport(tx: Transaction, origin?: { label?: string; step: number }): TxReport {
  const deciding = [...tx.rounds].reverse().find((r) => r.leaderReceipt !== null);
  const error = txError(tx);
  return {
    ...(origin?.label !== undefined && { label: origin.label }),
    ...(origin !== undefined && { step: origin.step }),
    hash: tx.hash,
    kind: tx.kind,
    from: checksum(tx.from),
    to: checksum(tx.to),
    value: tx.value.toString(),
    mode: tx.mode,
    status: tx.status,
    statusHistory: [...tx.statusHistory],
    ...(tx.result?.kind === "return" && { result: toJsonSafe(tx.result.value) }),
    ...(error !== undefined && { error }),
    gasUsed: (deciding?.leaderReceipt?.gasUsed ?? 0n).toString(),
    rounds: tx.rounds.map(roundReport),
    rotations: tx.rotations,
    appealsFailed: tx.appealsFailed,
    parent: tx.parent,
    children: [...tx.children],
    createdAt: tx.createdAt,
    decidedAt: tx.decidedAt,
    finalizedAt: tx.finalizedAt,
  };
}

function roundReport(r: Round): RoundReport {
  return {
    index: r.index,
    kind: r.kind,
    label: r.label,
    leader: r.leader,
    validators: [...r.validators],
    leaderOutcome: r.leaderReceipt?.outcome.kind ?? null,
    votes: r.votes.map((v) => ({ validator: v.validator, vote: v.vote, reason: v.reason })),
    result: r.result,
  };
}

export function checksum(a: Address | string): string {
  return typeof a === "string" ? a : a.toChecksum();
}

export function countEvents(events: NetworkEvent[]): ScenarioReport["events"] {
  const byType: Record<string, number> = {};
  for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
  return { count: events.length, byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => (a < b ? -1 : 1))) };
}
