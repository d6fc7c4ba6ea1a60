/**
 * Test double of `ScenarioNetwork`: contracts are JavaScript objects registered by "code" string,
 * every transaction is accepted by all selected validators, and the finality window elapses on the
 * virtual clock. Enough to test the scenario runner without Pyodide or the consensus engine.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Address, bytesToHex, decode, encode, type CalldataValue } from "../../calldata";
import type { EventListener, NetworkEvent } from "../../consensus/events";
import type { Transaction, TxStatus } from "../../consensus/types";
import type { ExecutionOutcome } from "../../runtime/execution-types";
import type { ContractInfo, NetworkSpec, ScenarioNetwork, SchemaOutcome, SubmitRequest, ValidatorInfo, ViewRequest } from "../network";

export interface FakeCtx {
  state: Map<string, CalldataValue>;
  sender: Address;
  value: bigint;
}

export interface FakeContract {
  /** What `#get-schema` returns. */
  schema: unknown;
  init?(ctx: FakeCtx, args: CalldataValue[], kwargs: Map<string, CalldataValue>): void;
  methods: Record<string, (ctx: FakeCtx, args: CalldataValue[], kwargs: Map<string, CalldataValue>) => CalldataValue>;
}

/** Thrown by a fake method: the transaction is rolled back with this message (a user error). */
export class FakeRollback extends Error {}

interface Live {
  def: FakeContract;
  state: Map<string, CalldataValue>;
  finalized: Map<string, CalldataValue>;
  balance: bigint;
}

export class FakeNetwork implements ScenarioNetwork {
  readonly txs: Transaction[] = [];
  readonly events: NetworkEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private readonly contracts = new Map<string, Live>();
  private readonly balances = new Map<string, bigint>();
  private readonly rewards = new Map<string, bigint>();
  private readonly queue: Transaction[] = [];
  private nonce = 0n;
  private now = 0;
  disposed = false;

  constructor(
    readonly spec: NetworkSpec,
    private readonly registry: Record<string, FakeContract>,
  ) {
    for (const a of spec.accounts) {
      this.balances.set(a.address.toHex(), a.balance);
      this.emit({ type: "account_funded", address: a.address.toChecksum(), value: a.balance.toString() });
    }
  }

  private emit(e: Record<string, unknown> & { type: NetworkEvent["type"] }): void {
    const event = { ...e, seq: this.events.length, at: this.now } as NetworkEvent;
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  private setStatus(tx: Transaction, to: TxStatus): void {
    this.emit({ type: "status_changed", tx: tx.hash, from: tx.status, to });
    tx.status = to;
    tx.statusHistory.push(to);
  }

  submit(req: SubmitRequest): string {
    const from = req.from;
    const available = this.balanceOf(from);
    if (available < req.value) throw new Error(`insufficient balance: ${from.toChecksum()} has ${available} wei, needs ${req.value}`);
    const nonce = this.nonce++;
    const to = req.kind === "deploy" ? new Address(keccak_256(encode([from, nonce])).slice(12)) : req.to;
    const hash = "0x" + bytesToHex(keccak_256(encode([req.kind, from, to, nonce, req.calldata])));
    const tx: Transaction = {
      hash,
      kind: req.kind,
      from,
      to,
      origin: from,
      value: req.value,
      nonce,
      ...(req.kind === "deploy" && { code: req.code }),
      calldata: req.calldata,
      mode: req.mode,
      status: "PENDING",
      statusHistory: ["PENDING"],
      rounds: [],
      result: null,
      rotations: 0,
      appealsFailed: 0,
      decidedAt: null,
      finalizedAt: null,
      parent: null,
      children: [],
      triggeredOn: null,
      createdAt: this.now,
      appealBond: 0n,
    };
    this.txs.push(tx);
    this.queue.push(tx);
    this.emit({ type: "tx_created", tx: hash, kind: req.kind, from: from.toChecksum(), to: to.toChecksum(), mode: req.mode, parent: null });
    return hash;
  }

  async runUntilIdle(): Promise<void> {
    while (this.queue.length > 0) this.process(this.queue.shift()!);
  }

  private process(tx: Transaction): void {
    const ids = this.spec.validators.slice(0, this.spec.settings.validatorsPerTx).map((v) => v.id);
    this.setStatus(tx, "PROPOSING");
    this.emit({ type: "validators_selected", tx: tx.hash, round: 0, leader: ids[0], validators: ids.slice(1), kind: "normal" });
    const outcome = this.execute(tx);
    this.setStatus(tx, "COMMITTING");
    this.setStatus(tx, "REVEALING");
    const votes = ids.map((v) => ({ validator: v, vote: "agree" as const, commitment: "0x", reason: "same result as the leader" }));
    for (const v of votes) this.emit({ type: "vote_revealed", tx: tx.hash, round: 0, validator: v.validator, vote: v.vote, reason: v.reason });
    const receipt = {
      validator: ids[0],
      role: "leader" as const,
      outcome,
      stateRoot: "",
      writes: new Map(),
      nondet: [],
      effects: [],
      gasUsed: 1234n,
      llmTokens: 0,
      stdout: "",
      durationMs: 1,
    };
    tx.rounds.push({ index: 0, kind: "normal", leader: ids[0], validators: ids.slice(1), leaderReceipt: receipt, validatorReceipts: [], votes, result: "agree", label: "Accepted" });
    tx.result = outcome;
    tx.decidedAt = this.now;
    this.setStatus(tx, "ACCEPTED");
  }

  private execute(tx: Transaction): ExecutionOutcome {
    const entry = decode(tx.calldata) as Map<string, CalldataValue>;
    const args = (entry.get("args") as CalldataValue[] | undefined) ?? [];
    const kwargs = (entry.get("kwargs") as Map<string, CalldataValue> | undefined) ?? new Map();
    const key = tx.to.toHex();
    try {
      if (tx.kind === "deploy") {
        const def = this.registry[tx.code!];
        const state = new Map<string, CalldataValue>();
        def.init?.({ state, sender: tx.from, value: tx.value }, args, kwargs);
        this.contracts.set(key, { def, state, finalized: new Map(state), balance: 0n });
        this.move(tx);
        return { kind: "return", calldata: encode(null), value: null };
      }
      const live = this.contracts.get(key);
      if (!live) return { kind: "vm_error", message: "no contract", detail: `no contract at ${tx.to.toChecksum()}` };
      const state = new Map(live.state);
      const value = live.def.methods[entry.get("method") as string]({ state, sender: tx.from, value: tx.value }, args, kwargs);
      live.state = state;
      this.move(tx);
      return { kind: "return", calldata: encode(value), value };
    } catch (e) {
      if (e instanceof FakeRollback) return { kind: "user_error", message: e.message };
      throw e;
    }
  }

  private move(tx: Transaction): void {
    if (tx.value === 0n) return;
    this.balances.set(tx.from.toHex(), this.balanceOf(tx.from) - tx.value);
    this.contracts.get(tx.to.toHex())!.balance += tx.value;
  }

  advanceTime(ms: number): void {
    this.now += ms;
    this.emit({ type: "clock_advanced", by: ms, now: this.now });
    for (const tx of this.txs) {
      if (tx.status !== "ACCEPTED" || tx.decidedAt === null || tx.decidedAt + this.spec.settings.finalityWindowMs > this.now) continue;
      this.setStatus(tx, "FINALIZED");
      tx.finalizedAt = this.now;
      const live = this.contracts.get(tx.to.toHex());
      if (live) live.finalized = new Map(live.state);
      for (const v of tx.rounds[0].votes) {
        this.rewards.set(v.validator, (this.rewards.get(v.validator) ?? 0n) + this.spec.settings.validatorFee);
        this.emit({ type: "rewarded", tx: tx.hash, validator: v.validator, amount: this.spec.settings.validatorFee.toString() });
      }
      this.emit({ type: "finalized", tx: tx.hash, status: "FINALIZED" });
    }
  }

  appeal(txHash: string, opts: { by: Address }): void {
    const tx = this.getTx(txHash);
    if (!tx || tx.status !== "ACCEPTED") throw new Error(`transaction ${txHash} can not be appealed (status ${tx?.status})`);
    this.emit({ type: "appeal_submitted", tx: txHash, by: opts.by.toChecksum(), kind: "validator", bond: "0" });
    tx.appealsFailed += 1;
    this.emit({ type: "appeal_decided", tx: txHash, successful: false, label: "Validator Appeal Failed", windowMs: 0 });
  }

  async view(req: ViewRequest): Promise<ExecutionOutcome> {
    const live = this.contracts.get(req.to.toHex());
    if (!live) return { kind: "vm_error", message: "no contract" };
    const entry = decode(req.calldata) as Map<string, CalldataValue>;
    const args = (entry.get("args") as CalldataValue[] | undefined) ?? [];
    const kwargs = (entry.get("kwargs") as Map<string, CalldataValue> | undefined) ?? new Map();
    const state = new Map(req.state === "finalized" ? live.finalized : live.state);
    try {
      const value = live.def.methods[entry.get("method") as string]({ state, sender: req.from, value: 0n }, args, kwargs);
      return { kind: "return", calldata: encode(value), value };
    } catch (e) {
      if (e instanceof FakeRollback) return { kind: "user_error", message: e.message };
      throw e;
    }
  }

  async schema(code: string): Promise<SchemaOutcome> {
    const m = /^SYNTAX ERROR AT (\d+)/.exec(code);
    if (m) return { ok: false, message: "SyntaxError: invalid syntax", line: Number(m[1]) };
    const def = this.registry[code];
    return def ? { ok: true, schema: def.schema } : { ok: false, message: "no such fake contract" };
  }

  getTx(hash: string): Transaction | undefined {
    return this.txs.find((t) => t.hash === hash);
  }

  transactions(): Transaction[] {
    return [...this.txs];
  }

  subscribe(listener: EventListener): () => void {
    for (const e of this.events) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  validatorsState(): ValidatorInfo[] {
    return this.spec.validators.map((v) => ({ id: v.id, address: v.address, stake: v.stake, balance: this.rewards.get(v.id) ?? 0n, reputation: 1 }));
  }

  contractState(address: Address): ContractInfo | null {
    const live = this.contracts.get(address.toHex());
    if (!live) return null;
    return { stateRoot: "0x" + bytesToHex(keccak_256(encode(live.state))), balance: live.balance };
  }

  balanceOf(address: Address): bigint {
    return this.balances.get(address.toHex()) ?? 0n;
  }

  dispose(): void {
    this.disposed = true;
  }
}
