/**
 * `Network`: the Optimistic Democracy engine. It keeps the chain state, accepts transactions,
 * drives `ValidatorExecutor`s through the consensus phases one step at a time, runs the virtual
 * clock (finality window, appeals) and records every transition as a typed event.
 *
 * Determinism: selection, shuffles and salts come from a PRNG seeded by the network seed; events
 * carry only the virtual clock; validators may run concurrently but their results are recorded in
 * selection order. The same seed and inputs give the same hashes, votes, state roots and events.
 */
import { Address } from "../calldata";
import { addressKey, keccakText, toAddress } from "../chain";
import { stateRoot } from "../runtime/state-root";
import type { SlotMap } from "../runtime/execution-types";
import { appealBlocker, appealPhase, concludeAppealRound, submitAppeal } from "./appeals";
import { minAppealBond } from "./decisions";
import type { EventListener, NetworkEvent } from "./events";
import type { ViewContext } from "./executor-api";
import { canFinalize, finalize, windowElapsed, windowMs } from "./finality";
import { NetworkCore, type EventInput, type NetworkOptions, type Phase } from "./network-core";
import type { ConfidentialTxData } from "../confidential/protocol";
import { reputationBps } from "./rewards";
import { cloneTx, cloneWork, type NetworkSnapshot } from "./snapshots";
import { commitPhase, concludeRound, leadPhase, revealVotes, selectPhase } from "./rounds";
import { cancelPending, createTransaction, defaultCalldata } from "./tx-factory";
import type { ConsensusMode, Receipt, Transaction, TxKind, TxStatus, ValidatorBehaviour } from "./types";

export type { NetworkOptions, Phase } from "./network-core";
export type { NetworkSnapshot } from "./snapshots";

export interface SubmitRequest {
  kind: TxKind;
  from: Address | string;
  /** Calls and transfers: the recipient. Deploys: leave out (the address is derived). */
  to?: Address | string;
  /** Deploys: the contract source. */
  code?: string;
  /** Entry calldata (deploy `{args, kwargs}`, call `{method, args, kwargs}`); default `{}`. */
  calldata?: Uint8Array;
  value?: bigint;
  mode?: ConsensusMode;
  /** Encrypted arguments of a confidential contract's call or deploy. */
  confidential?: ConfidentialTxData;
}

export interface PhaseInfo {
  tx: string;
  phase: Phase;
  status: TxStatus;
  /** Index of the transaction's current round (-1 before the first). */
  round: number;
}

export interface StepResult extends PhaseInfo {
  /** Status after the step. */
  to: TxStatus;
}

export type PhaseHook = (next: PhaseInfo) => void | Promise<void>;

export interface ValidatorState {
  id: string;
  address: Address;
  behaviour: ValidatorBehaviour;
  stake: bigint;
  initialStake: bigint;
  balance: bigint;
  reputationBps: number;
  votesWithOutcome: number;
  votesTotal: number;
  rewarded: bigint;
  slashed: bigint;
}

export interface ContractState {
  address: Address;
  code: string;
  deployTx: string;
  balance: bigint;
  nonce: bigint;
  accepted: SlotMap;
  finalized: SlotMap | null;
  acceptedRoot: string;
  finalizedRoot: string | null;
}

const MID_FLIGHT: readonly (Phase | null)[] = ["lead", "commit", "reveal"];

export class Network extends NetworkCore {
  private hooks = new Set<PhaseHook>();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(opts: NetworkOptions) {
    super(opts);
  }

  // ---- events ----

  /** Every event so far, in order (`seq` = index). */
  get events(): readonly NetworkEvent[] {
    return this.eventLog;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called (and awaited) before each phase `step()` runs; a UI can pause there. */
  onBeforePhase(hook: PhaseHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  // ---- accounts and transactions ----

  /** Faucet: mints `amount` wei to `address` (event `account_funded`). */
  fund(address: Address | string, amount: bigint): void {
    const a = toAddress(address);
    this.chain.fund(a, amount);
    this.emit({ type: "account_funded", address: a.toChecksum(), value: amount.toString() });
  }

  /** Submits a transaction; returns its hash. Transfers are applied and finalized at once. */
  submit(req: SubmitRequest): string {
    const from = toAddress(req.from);
    const value = req.value ?? 0n;
    if (value < 0n) throw new RangeError("value must not be negative");
    if (req.kind === "deploy" && req.code === undefined) throw new Error("a deploy needs code");
    if (req.kind !== "deploy" && req.to === undefined) throw new Error(`a ${req.kind} needs a recipient`);
    const balance = this.chain.balanceOf(from);
    if (balance < value) throw new Error(`insufficient balance: ${from.toChecksum()} has ${balance} wei, needs ${value}`);
    const tx = createTransaction(this, {
      kind: req.kind,
      from,
      to: req.kind === "deploy" ? undefined : toAddress(req.to!),
      code: req.code,
      calldata: req.calldata ?? defaultCalldata(req.kind),
      value,
      mode: req.mode ?? "strict",
      parent: null,
      triggeredOn: null,
      origin: from,
      ...(req.confidential ? { confidential: req.confidential } : {}),
    });
    return tx.hash;
  }

  /** Cancels a PENDING transaction that has not started. */
  cancel(hash: string): void {
    const tx = this.tx(hash);
    if (tx.status !== "PENDING" || this.work(hash).next !== "select") throw new Error(`cannot cancel ${hash}: it is ${tx.status}`);
    cancelPending(this, tx);
  }

  /** Appeals a decided transaction within its finality window; returns the bond paid by `by`
   * (an address or a validator id). */
  appeal(hash: string, opts: { by: Address | string; bond?: bigint }): bigint {
    return submitAppeal(this, this.tx(hash), this.resolveAccount(opts.by), opts.bond);
  }

  /** Why `hash` cannot be appealed now (null: it can). */
  appealBlocker(hash: string): string | null {
    return appealBlocker(this, this.tx(hash));
  }

  /** The minimum bond to appeal `hash` now. */
  minAppealBond(hash: string): bigint {
    return minAppealBond(this, this.tx(hash));
  }

  /** Finality window of `hash` now (ms) and how much of it has passed. */
  finalityWindow(hash: string): { windowMs: number; elapsedMs: number } {
    const tx = this.tx(hash);
    return { windowMs: windowMs(this, tx), elapsedMs: windowElapsed(this, tx) };
  }

  /** Moves the virtual clock and finalizes every transaction whose window has passed. */
  advanceTime(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError("advanceTime needs a finite ms >= 0");
    this.clock += ms;
    this.emit({ type: "clock_advanced", by: ms, now: this.clock });
    this.finalizeDue();
  }

  /** Finalizes every transaction that may be finalized now; returns how many. */
  finalizeDue(): number {
    let n = 0;
    for (let tx = this.nextFinalizable(); tx; tx = this.nextFinalizable()) {
      finalize(this, tx);
      n++;
    }
    return n;
  }

  // ---- stepping ----

  /** The phase `step()` would run next, or null when idle. */
  peek(): PhaseInfo | null {
    const a = this.pick();
    return a ? this.info(a.tx, a.phase) : null;
  }

  /** Runs exactly one phase of the next actionable transaction; null when there is nothing to do. */
  step(): Promise<StepResult | null> {
    const run = this.lock.then(() => this.stepNow());
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Steps until idle; returns the number of steps. */
  async runUntilIdle(maxSteps = 100_000): Promise<number> {
    let n = 0;
    while (await this.step()) {
      if (++n >= maxSteps) throw new Error(`runUntilIdle: still busy after ${maxSteps} steps`);
    }
    return n;
  }

  private async stepNow(): Promise<StepResult | null> {
    for (;;) {
      const a = this.pick();
      if (!a) return null;
      const before = this.info(a.tx, a.phase);
      for (const hook of [...this.hooks]) await hook(before);
      const again = this.pick();
      if (!again || again.tx !== a.tx || again.phase !== a.phase) continue; // the state changed meanwhile
      await this.runPhase(a.tx, a.phase);
      return { ...before, to: a.tx.status };
    }
  }

  private info(tx: Transaction, phase: Phase): PhaseInfo {
    return { tx: tx.hash, phase, status: tx.status, round: tx.rounds.length - 1 };
  }

  private async runPhase(tx: Transaction, phase: Phase): Promise<void> {
    switch (phase) {
      case "select":
        return selectPhase(this, tx);
      case "lead":
        return leadPhase(this, tx);
      case "commit":
        return commitPhase(this, tx);
      case "reveal": {
        const t = revealVotes(this, tx);
        if (this.currentRound(tx).kind === "validator_appeal") return concludeAppealRound(this, tx, t);
        return concludeRound(this, tx, t);
      }
      case "appeal":
        return appealPhase(this, tx);
      case "finalize":
        return finalize(this, tx);
    }
  }

  private nextFinalizable(): Transaction | null {
    for (const h of this.activeOrder()) {
      const tx = this.txMap.get(h)!;
      if (canFinalize(this, tx)) return tx;
    }
    return null;
  }

  /** Scheduling: finalizations, then transactions mid-round, then appeals, then new transactions
   * (oldest first, one per contract at a time). */
  private pick(): { tx: Transaction; phase: Phase } | null {
    const fin = this.nextFinalizable();
    if (fin) return { tx: fin, phase: "finalize" };
    const all = this.activeOrder().map((h) => ({ tx: this.txMap.get(h)!, w: this.workMap.get(h)! }));
    for (const { tx, w } of all) if (MID_FLIGHT.includes(w.next)) return { tx, phase: w.next! };
    for (const { tx, w } of all) {
      if (w.next !== "appeal") continue;
      const blocked = all.some((o) => o.w.lane === w.lane && o.tx !== tx && (MID_FLIGHT.includes(o.w.next) || (o.w.next === "appeal" && o.w.order < w.order)));
      if (!blocked) return { tx, phase: "appeal" };
    }
    const busy = new Set<string>();
    for (const { w } of all) if (MID_FLIGHT.includes(w.next) || w.next === "appeal") busy.add(w.lane);
    for (const { tx, w } of all) {
      if (w.next !== "select") continue;
      if (!busy.has(w.lane)) return { tx, phase: "select" }; // the oldest of its lane
    }
    return null;
  }

  // ---- views and queries ----

  /** Runs a read-only call at once on the first honest validator (by id). */
  async view(contract: Address | string, calldata: Uint8Array, opts: { from?: Address | string; state?: "accepted" | "finalized" } = {}): Promise<Receipt> {
    const addr = toAddress(contract);
    const rec = this.chain.contract(addr);
    if (!rec) throw new Error(`no contract at ${addr.toChecksum()}`);
    const stage = opts.state ?? "accepted";
    const storage = stage === "finalized" ? rec.finalized : rec.accepted;
    if (!storage) throw new Error(`contract ${addr.toChecksum()} has no finalized state yet`);
    const validator = this.validatorConfigs.find((v) => v.behaviour === "honest") ?? this.validatorConfigs[0];
    const sender = opts.from === undefined ? new Address(new Uint8Array(20)) : toAddress(opts.from);
    const ctx: ViewContext = {
      code: rec.code,
      storage: new Map(storage),
      balance: this.chain.balanceOf(addr),
      datetime: this.isoTime(this.clock),
      chainId: this.chainId,
      seed: keccakText(`view|${this.seed}|${addressKey(addr)}|${this.clock}`),
      chain: this.chain.reader(),
      origin: sender,
      contract: addr,
      calldata,
      sender,
    };
    return this.executor.view(validator, ctx);
  }

  getTx(hash: string): Transaction | undefined {
    return this.txMap.get(hash);
  }

  /** All transactions in creation order. */
  transactions(): Transaction[] {
    return this.order.map((h) => this.txMap.get(h)!);
  }

  balanceOf(address: Address | string): bigint {
    return this.chain.balanceOf(toAddress(address));
  }

  accountState(address: Address | string): { balance: bigint; nonce: bigint } {
    const a = toAddress(address);
    return { balance: this.chain.balanceOf(a), nonce: this.chain.nonceOf(a) };
  }

  validatorsState(): ValidatorState[] {
    return this.validatorConfigs.map((c) => {
      const s = this.chain.validator(c.id);
      return {
        id: c.id,
        address: c.address,
        behaviour: c.behaviour,
        stake: s.stake,
        initialStake: c.stake,
        balance: this.chain.balanceOf(c.address),
        reputationBps: reputationBps(s.votesWithOutcome, s.votesTotal),
        votesWithOutcome: s.votesWithOutcome,
        votesTotal: s.votesTotal,
        rewarded: s.rewarded,
        slashed: s.slashed,
      };
    });
  }

  contractState(address: Address | string): ContractState | null {
    const a = toAddress(address);
    const rec = this.chain.contract(a);
    if (!rec) return null;
    return {
      address: rec.address,
      code: rec.code,
      deployTx: rec.deployTx,
      balance: this.chain.balanceOf(a),
      nonce: this.chain.nonceOf(a),
      accepted: new Map(rec.accepted),
      finalized: rec.finalized ? new Map(rec.finalized) : null,
      acceptedRoot: rootOf(rec.accepted),
      finalizedRoot: rec.finalized ? rootOf(rec.finalized) : null,
    };
  }

  // ---- snapshots ("step back") ----

  /** A structural copy of the whole network state (take it between steps). */
  snapshot(): NetworkSnapshot {
    return {
      chain: this.chain.snapshot(),
      txs: this.order.map((h) => [h, cloneTx(this.txMap.get(h)!)]),
      work: this.order.map((h) => [h, cloneWork(this.workMap.get(h)!)]),
      order: [...this.order],
      clock: this.clock,
      eventCount: this.eventLog.length,
      ...(this.extension ? { extension: this.extension.snapshot() } : {}),
    };
  }

  /** Adds an event from a layer beside the engine (the confidential chain). */
  record(event: EventInput): void {
    this.emit(event);
  }

  /** Puts the network back to `s` (events after it are dropped; listeners are not told). */
  restore(s: NetworkSnapshot): void {
    this.chain.restore(s.chain);
    this.txMap = new Map(s.txs.map(([h, t]) => [h, cloneTx(t)]));
    this.workMap = new Map(s.work.map(([h, w]) => [h, cloneWork(w)]));
    this.order = [...s.order];
    this.settledPrefix = 0;
    this.clock = s.clock;
    this.eventLog.length = s.eventCount;
    if (this.extension && s.extension !== undefined) this.extension.restore(s.extension);
  }

  private resolveAccount(by: Address | string): Address {
    if (by instanceof Address) return by;
    const v = this.validatorConfigs.find((c) => c.id === by);
    return v ? v.address : Address.fromHex(by);
  }
}

/** The chain replaces a contract's storage map on every write (never mutates it), so a map's root
 * can be kept: the app asks for every contract's root on each state change. */
const roots = new WeakMap<ReadonlyMap<string, Uint8Array>, string>();
function rootOf(slots: Map<string, Uint8Array>): string {
  let root = roots.get(slots);
  if (root === undefined) roots.set(slots, (root = stateRoot(slots)));
  return root;
}
