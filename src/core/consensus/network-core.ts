/**
 * The engine's state and the small helpers every phase uses (event emission, status changes,
 * lanes, execution contexts). `Network` (engine.ts) builds its public API on top; the phase logic
 * lives in rounds.ts, appeals.ts, finality.ts, children.ts and rewards.ts as functions of a core.
 */
import type { Address } from "../calldata";
import { addressKey, ChainState, keccakText, type ContractRecord } from "../chain";
import type { SlotMap } from "../runtime/execution-types";
import type { EventListener, NetworkEvent } from "./events";
import type { ExecutionContext, ValidatorExecutor } from "./executor-api";
import { DEFAULT_FEES, type FeeSettings } from "./fees";
import { compareIds, type Candidate } from "./selection";
import type { ConsensusSettings, Receipt, Round, Transaction, TxStatus, ValidatorConfig, Vote } from "./types";

export interface NetworkOptions {
  validators: ValidatorConfig[];
  settings: ConsensusSettings;
  executor: ValidatorExecutor;
  seed: string | number;
  /** Default 61127 (GenLayer localnet). */
  chainId?: bigint | number;
  /** Virtual time 0, ISO 8601 (default 2025-01-01T00:00:00Z). */
  genesisTime?: string;
  /** Appeal bond pricing (Studio defaults). */
  fees?: Partial<FeeSettings>;
  /** The only validators that may execute `tx` (a confidential contract's committee), or null for all. */
  eligible?: (tx: Transaction) => readonly string[] | null;
  /** A layer beside the engine whose state is snapshotted and restored with it. */
  extension?: NetworkExtension;
}

export interface NetworkExtension {
  snapshot(): unknown;
  restore(state: unknown): void;
  /** Fee multiple for this transaction's validators (confidential transactions pay more). */
  feeMultiplier?(tx: Transaction): number;
  /** Validators to slash at finalization besides the vote rules (e.g. signed evidence of a bad share). */
  extraSlashes?(tx: Transaction): { validator: string; reason: string }[];
}

/** What the next step of a transaction does. */
export type Phase = "select" | "lead" | "commit" | "reveal" | "appeal" | "finalize";

/** Which flow the transaction's current run belongs to (decides the round labels). */
export type RunKind = "normal" | "validator_appeal_rerun" | "leader_appeal" | "leader_timeout_appeal";

export type AppealKind = "validator" | "validators_timeout" | "leader" | "leader_timeout";

export interface PendingAppeal {
  kind: AppealKind;
  by: Address;
  bond: bigint;
  submittedAt: number;
  /** decidedAt and appealMs before the appeal (a failed appeal keeps the window running). */
  decidedAtBefore: number;
  appealMsBefore: number;
}

export interface PendingVote {
  validator: string;
  vote: Vote;
  reason: string;
  commitment: string;
}

/** The contract as it was before a transaction was decided (for rollbacks and appeal re-votes). */
export interface PreState {
  contract: ContractRecord | null;
  balance: bigint;
}

/** Engine bookkeeping of one transaction (not part of the public `Transaction`). */
export interface TxWork {
  order: number;
  /** Lane key: lowercase hex of `tx.to`; one transaction per lane is processed at a time. */
  lane: string;
  next: Phase | null;
  /** Where the transaction's value is: held back from the sender, credited to `to`, or settled. */
  value: "escrow" | "credited" | "settled";
  usedLeaders: string[];
  pendingVotes: PendingVote[] | null;
  preState: PreState | null;
  /** Accepted storage right after this tx (copied to finalized storage at finalization). */
  postStorage: SlotMap | null;
  /** The leader receipt the transaction was accepted with. */
  finalReceipt: Receipt | null;
  run: RunKind;
  /** Validators of the first round of the next run (validator-appeal re-run). */
  rerunSet: string[] | null;
  appeal: PendingAppeal | null;
  /** Validators of failed validator appeals (reused by the next appeal). */
  appealValidators: string[];
  /** Appeals processed so far (selects the bond table row). */
  appealsDone: number;
  /** Virtual ms spent on appeals since the decision (not counted in the window). */
  appealMs: number;
  /** Validators (leader included) of the transaction's first round. */
  initialCount: number;
  /** Rounds before this index were voided by a rollback of an earlier transaction (not settled). */
  settledFrom: number;
  /** Leaders whose accepted receipt a validator appeal overturned. */
  overturnedLeaders: string[];
  /** Fast mode with no validators: no appeals, finalizes at once (Studio's leader-only). */
  leaderOnly: boolean;
}

const IN_PROGRESS: readonly TxStatus[] = ["PENDING", "PROPOSING", "COMMITTING", "REVEALING"];

type Distribute<E> = E extends NetworkEvent ? Omit<E, "seq" | "at"> : never;
export type EventInput = Distribute<NetworkEvent>;

export class NetworkCore {
  readonly settings: ConsensusSettings;
  readonly fees: FeeSettings;
  readonly executor: ValidatorExecutor;
  eligible: NetworkOptions["eligible"];
  extension: NetworkExtension | undefined;
  readonly seed: string;
  readonly chainId: bigint;
  readonly genesisMs: number;
  /** Validator configs in canonical (id) order. */
  readonly validatorConfigs: ValidatorConfig[];
  readonly chain: ChainState;

  // Internal state (public for the phase modules; use Network's query methods from outside).
  txMap = new Map<string, Transaction>();
  workMap = new Map<string, TxWork>();
  /** Transaction hashes in creation order. */
  order: string[] = [];
  clock = 0;
  eventLog: NetworkEvent[] = [];
  listeners = new Set<EventListener>();

  constructor(opts: NetworkOptions) {
    if (opts.validators.length === 0) throw new Error("a network needs at least one validator");
    const ids = new Set<string>();
    for (const v of opts.validators) {
      if (ids.has(v.id)) throw new Error(`duplicate validator id ${v.id}`);
      ids.add(v.id);
    }
    this.settings = { ...opts.settings };
    this.fees = { ...DEFAULT_FEES, ...opts.fees };
    this.executor = opts.executor;
    this.eligible = opts.eligible;
    this.extension = opts.extension;
    this.seed = String(opts.seed);
    this.chainId = BigInt(opts.chainId ?? 61127);
    const genesis = opts.genesisTime ?? "2025-01-01T00:00:00Z";
    this.genesisMs = Date.parse(genesis);
    if (Number.isNaN(this.genesisMs)) throw new Error(`invalid genesisTime ${genesis}`);
    this.validatorConfigs = [...opts.validators].sort((a, b) => compareIds(a.id, b.id));
    this.chain = new ChainState(this.validatorConfigs);
  }

  // ---- events ----

  emit(e: EventInput): void {
    const event = { ...e, seq: this.eventLog.length, at: this.clock } as NetworkEvent;
    this.eventLog.push(event);
    for (const l of this.listeners) l(event);
  }

  setStatus(tx: Transaction, to: TxStatus): void {
    const from = tx.status;
    tx.status = to;
    tx.statusHistory.push(to);
    this.emit({ type: "status_changed", tx: tx.hash, from, to });
  }

  // ---- lookups ----

  tx(hash: string): Transaction {
    const t = this.txMap.get(hash);
    if (!t) throw new Error(`unknown transaction ${hash}`);
    return t;
  }

  work(hash: string): TxWork {
    const w = this.workMap.get(hash);
    if (!w) throw new Error(`unknown transaction ${hash}`);
    return w;
  }

  validatorConfig(id: string): ValidatorConfig {
    const v = this.validatorConfigs.find((c) => c.id === id);
    if (!v) throw new Error(`unknown validator ${id}`);
    return v;
  }

  /** Validators with their current stake, canonical order. */
  candidates(tx?: Transaction): Candidate[] {
    const all = this.validatorConfigs.map((v) => ({ id: v.id, stake: this.chain.validator(v.id).stake }));
    const only = tx ? this.eligible?.(tx) : null;
    return only ? all.filter((c) => only.includes(c.id)) : all;
  }

  /**
   * How many transactions at the start of `order` are settled for good (FINALIZED or CANCELED,
   * nothing left to run): scheduling skips them, so a step costs the same after 10 or 10,000
   * transactions. Reset to 0 whenever `order` is replaced (snapshot restore).
   */
  settledPrefix = 0;

  /** Hashes (creation order) from the first transaction that is not settled for good. */
  activeOrder(): string[] {
    let i = this.settledPrefix;
    while (i < this.order.length) {
      const h = this.order[i];
      const status = this.txMap.get(h)!.status;
      const w = this.workMap.get(h)!;
      if ((status !== "FINALIZED" && status !== "CANCELED") || w.next !== null || w.appeal !== null) break;
      i++;
    }
    this.settledPrefix = i;
    return i === 0 ? this.order : this.order.slice(i);
  }

  /** Transactions (creation order) in the same lane as `tx`. */
  laneTxs(lane: string): Transaction[] {
    return this.order.filter((h) => this.workMap.get(h)!.lane === lane).map((h) => this.txMap.get(h)!);
  }

  currentRound(tx: Transaction): Round {
    const r = tx.rounds[tx.rounds.length - 1];
    if (!r) throw new Error(`transaction ${tx.hash} has no round`);
    return r;
  }

  now(): number {
    return this.clock;
  }

  isoTime(ms: number): string {
    return new Date(this.genesisMs + ms).toISOString();
  }

  /** Is there (or will there be) a contract at `a`: deployed, or a deploy not yet given up? */
  contractExpected(a: Address): boolean {
    if (this.chain.contract(a)) return true;
    const key = addressKey(a);
    return this.order.some((h) => {
      const t = this.txMap.get(h)!;
      return t.kind === "deploy" && this.workMap.get(h)!.lane === key && IN_PROGRESS.includes(t.status);
    });
  }

  /** What an execution of `tx` sees. With `pre`, the contract as it was before `tx` (appeal votes). */
  executionContext(tx: Transaction, pre?: PreState | null): ExecutionContext {
    const w = this.work(tx.hash);
    const rec = pre ? pre.contract : this.chain.contract(tx.to);
    const code = tx.kind === "deploy" ? tx.code ?? "" : rec?.code ?? "";
    const storage: SlotMap = tx.kind === "deploy" ? new Map() : new Map(rec?.accepted ?? []);
    const base = pre ? pre.balance : this.chain.balanceOf(tx.to) - (w.value === "credited" ? tx.value : 0n);
    return {
      code,
      storage,
      balance: base + tx.value,
      datetime: this.isoTime(tx.createdAt),
      chainId: this.chainId,
      seed: keccakText(`exec|${this.seed}|${tx.hash}`),
      chain: this.chain.reader(),
      origin: tx.origin,
    };
  }
}

/** Human labels of rounds, as Studio names them. */
export function decidedLabel(run: RunKind, status: TxStatus): string {
  const accepted = status === "ACCEPTED";
  switch (run) {
    case "leader_appeal":
      return accepted ? "Leader Appeal Successful" : "Leader Appeal Failed";
    case "leader_timeout_appeal":
      return accepted ? "Leader Timeout Appeal Successful" : "Leader Timeout Appeal Failed";
    default:
      return status === "ACCEPTED"
        ? "Accepted"
        : status === "UNDETERMINED"
          ? "Undetermined"
          : status === "LEADER_TIMEOUT"
            ? "Leader Timeout"
            : "Validators Timeout";
  }
}

export function rotationLabel(run: RunKind): string {
  return run === "leader_appeal" || run === "leader_timeout_appeal" ? "Leader Rotation Appeal" : "Leader Rotation";
}
