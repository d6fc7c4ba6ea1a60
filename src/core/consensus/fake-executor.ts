/**
 * A fast, deterministic `ValidatorExecutor` without Python, for engine tests and demos. Contracts
 * are a tiny scripted key-value program (or one you pass); validators behave per their
 * `behaviour`, and tests can script votes and leader receipts per validator and round.
 *
 * Default program (slot id = keccak256(key)):
 *   deploy(initial?)         value := initial ?? 0
 *   inc()                    value += 1, returns it         get(key="value") → stored value
 *   set(key, v)              stores v                        fail(msg) → user error
 *   emit(addr, method, on, value=0)   PostMessage            transfer(addr, value, on) → value-only PostMessage
 *   deploy_child(code, salt, on)      DeployContract         eth_send(addr, value) → EthSend
 *   balance() → the contract's balance                       hang() → VM error "timeout"
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Address, bytesToHex, decode, encode, type CalldataValue, type EncodableValue } from "../calldata";
import type { Effect, ExecutionOutcome, SlotMap } from "../runtime/execution-types";
import { applyWrites, stateRoot } from "../runtime/state-root";
import type { ExecutionContext, ValidatorExecutor, ValidatorVerdict, ViewContext } from "./executor-api";
import type { Receipt, Transaction, ValidatorConfig, Vote } from "./types";

export interface FakeCall {
  kind: "deploy" | "call" | "view";
  method: string | null;
  args: CalldataValue[];
  storage: SlotMap;
  ctx: ExecutionContext;
  self: Address;
  sender: Address;
  value: bigint;
}

export interface FakeResult {
  outcome: ExecutionOutcome;
  writes?: SlotMap;
  effects?: Effect[];
  nondet?: Uint8Array[];
  durationMs?: number;
}

export type FakeProgram = (call: FakeCall) => FakeResult;

export interface FakeExecutorOptions {
  program?: FakeProgram;
  /** Scripted vote of a validator in a round (undefined → behaviour / comparison decides). */
  vote?: (validator: ValidatorConfig, tx: Transaction, round: number) => Vote | undefined;
  /** Scripted leader receipt (undefined → behaviour decides). `honest` is what it computed. */
  leader?: (validator: ValidatorConfig, tx: Transaction, round: number, honest: Receipt) => Receipt | undefined;
  /** The network's execution timeout (slow/offline validators take this long). */
  executionTimeoutMs?: number;
  /** Virtual ms an ordinary execution takes. */
  durationMs?: number;
}

export interface FakeCallRecord {
  fn: "lead" | "validate" | "view";
  validator: string;
  tx: string | null;
  round: number;
}

const utf8 = new TextEncoder();

export function slotOf(key: string): string {
  return bytesToHex(keccak_256(utf8.encode(key)));
}

function ret(v: EncodableValue): ExecutionOutcome {
  const calldata = encode(v);
  return { kind: "return", calldata, value: decode(calldata) };
}

function str(v: CalldataValue | undefined, dflt = ""): string {
  return typeof v === "string" ? v : dflt;
}

function int(v: CalldataValue | undefined): bigint {
  return typeof v === "bigint" ? v : 0n;
}

/** The default key-value program. */
export const kvProgram: FakeProgram = (c) => {
  const read = (key: string): CalldataValue => {
    const raw = c.storage.get(slotOf(key));
    return raw ? decode(raw) : null;
  };
  const write = (entries: [string, EncodableValue][]): SlotMap => new Map(entries.map(([k, v]) => [slotOf(k), encode(v)]));
  const msg = (kind: Effect["kind"], payload: Record<string, CalldataValue>): Effect =>
    ({ kind, payload: new Map(Object.entries(payload)) }) as Effect;
  const a = c.args;
  if (c.kind === "deploy") return { outcome: ret(null), writes: write([["value", a[0] ?? 0n]]) };
  switch (c.method) {
    case "get":
      return { outcome: ret(read(str(a[0], "value")) as EncodableValue) };
    case "inc": {
      const next = int(read("value")) + 1n;
      return { outcome: ret(next), writes: write([["value", next]]) };
    }
    case "set":
      return { outcome: ret(null), writes: write([[str(a[0]), a[1] ?? null]]) };
    case "fail":
      return { outcome: { kind: "user_error", message: str(a[0], "failed") } };
    case "hang":
      return { outcome: { kind: "vm_error", message: "timeout" } };
    case "balance":
      return { outcome: ret(c.ctx.balance) };
    case "emit":
      return {
        outcome: ret(null),
        effects: [msg("PostMessage", { address: a[0], calldata: encode({ method: str(a[1], "inc") }), value: int(a[3]), on: str(a[2], "finalized") })],
      };
    case "transfer":
      return { outcome: ret(null), effects: [msg("PostMessage", { address: a[0], calldata: encode({}), value: int(a[1]), on: str(a[2], "finalized") })] };
    case "deploy_child":
      return {
        outcome: ret(null),
        effects: [msg("DeployContract", { code: utf8.encode(str(a[0], "child")), calldata: encode({ args: [7n] }), value: 0n, on: str(a[2], "finalized"), salt_nonce: int(a[1]) })],
      };
    case "eth_send":
      return { outcome: ret(null), effects: [msg("EthSend", { address: a[0], calldata: new Uint8Array(0), value: int(a[1]) })] };
    case null:
      return { outcome: ret(null) }; // __receive__
    default:
      return { outcome: { kind: "vm_error", message: `no method ${c.method}` } };
  }
};

function effectsKey(effects: Effect[]): string {
  return bytesToHex(encode(effects.map((e) => new Map([[e.kind, e.payload]]))));
}

function outcomeKey(o: ExecutionOutcome): string {
  return o.kind === "return" ? "r" + bytesToHex(o.calldata) : o.kind[0] + o.message;
}

export class FakeExecutor implements ValidatorExecutor {
  readonly calls: FakeCallRecord[] = [];
  private readonly program: FakeProgram;
  private readonly timeoutMs: number;
  private readonly durationMs: number;

  constructor(private readonly opts: FakeExecutorOptions = {}) {
    this.program = opts.program ?? kvProgram;
    this.timeoutMs = opts.executionTimeoutMs ?? 600_000;
    this.durationMs = opts.durationMs ?? 10;
  }

  private run(v: ValidatorConfig, role: Receipt["role"], kind: FakeCall["kind"], ctx: ExecutionContext, self: Address, sender: Address, value: bigint, calldata: Uint8Array): Receipt {
    const entry = decode(calldata);
    const m = entry instanceof Map ? entry : new Map<string, CalldataValue>();
    const args = m.get("args");
    const r = this.program({
      kind,
      method: typeof m.get("method") === "string" ? (m.get("method") as string) : null,
      args: Array.isArray(args) ? args : [],
      storage: ctx.storage,
      ctx,
      self,
      sender,
      value,
    });
    const writes = r.outcome.kind === "return" ? (r.writes ?? new Map()) : new Map<string, Uint8Array>();
    return {
      validator: v.id,
      role,
      outcome: r.outcome,
      stateRoot: stateRoot(applyWrites(ctx.storage, writes)),
      writes,
      nondet: r.nondet ?? [],
      effects: r.outcome.kind === "return" ? (r.effects ?? []) : [],
      gasUsed: 1000n,
      llmTokens: 0,
      stdout: "",
      durationMs: v.behaviour === "slow" ? this.timeoutMs : (r.durationMs ?? this.durationMs),
    };
  }

  private honest(v: ValidatorConfig, role: Receipt["role"], tx: Transaction, ctx: ExecutionContext): Receipt {
    return this.run(v, role, tx.kind === "deploy" ? "deploy" : "call", ctx, tx.to, tx.from, tx.value, tx.calldata);
  }

  async lead(v: ValidatorConfig, tx: Transaction, ctx: ExecutionContext): Promise<Receipt> {
    const round = tx.rounds.length - 1;
    this.calls.push({ fn: "lead", validator: v.id, tx: tx.hash, round });
    const honest = this.honest(v, "leader", tx, ctx);
    const scripted = this.opts.leader?.(v, tx, round, honest);
    if (scripted) return scripted;
    if (v.behaviour === "offline") return { ...honest, outcome: { kind: "vm_error", message: "timeout" }, writes: new Map(), effects: [], durationMs: this.timeoutMs };
    if (v.behaviour === "malicious_leader") {
      const writes = new Map([[slotOf("value"), encode("tampered")]]);
      return { ...honest, outcome: ret("tampered"), writes, stateRoot: stateRoot(applyWrites(ctx.storage, writes)) };
    }
    return honest;
  }

  async validate(v: ValidatorConfig, tx: Transaction, leader: Receipt, ctx: ExecutionContext): Promise<ValidatorVerdict> {
    const round = tx.rounds.length - 1;
    this.calls.push({ fn: "validate", validator: v.id, tx: tx.hash, round });
    const mine = this.honest(v, "validator", tx, ctx);
    const scripted = this.opts.vote?.(v, tx, round);
    if (scripted) return { receipt: mine, vote: scripted, reason: "scripted" };
    switch (v.behaviour) {
      case "offline":
        return { receipt: { ...mine, durationMs: this.timeoutMs }, vote: "timeout", reason: "offline" };
      case "always_disagree":
        return { receipt: mine, vote: "disagree", reason: "always disagrees" };
      case "flaky_llm": {
        const coin = keccak_256(utf8.encode(`${tx.hash}|${v.id}|${round}`))[0] & 1;
        if (coin) return { receipt: mine, vote: "disagree", reason: "flaky LLM answer" };
        break;
      }
    }
    if (outcomeKey(mine.outcome) !== outcomeKey(leader.outcome)) return { receipt: mine, vote: "deterministic_violation", reason: "result differs" };
    if (mine.stateRoot !== leader.stateRoot) return { receipt: mine, vote: "deterministic_violation", reason: "state root differs" };
    if (effectsKey(mine.effects) !== effectsKey(leader.effects)) return { receipt: mine, vote: "deterministic_violation", reason: "messages differ" };
    return { receipt: mine, vote: "agree", reason: "same result" };
  }

  async view(v: ValidatorConfig, ctx: ViewContext): Promise<Receipt> {
    this.calls.push({ fn: "view", validator: v.id, tx: null, round: -1 });
    return this.run(v, "leader", "view", ctx, ctx.contract, ctx.sender, 0n, ctx.calldata);
  }
}

/** Validators v1..vN with the given stakes (default 100 each), all honest unless listed. */
export function makeValidators(count: number, opts: { stakes?: bigint[]; behaviours?: Record<string, ValidatorConfig["behaviour"]> } = {}): ValidatorConfig[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `v${i + 1}`;
    const addr = new Uint8Array(20);
    addr[0] = 0xaa;
    addr[19] = i + 1;
    return {
      id,
      address: new Address(addr),
      stake: opts.stakes?.[i] ?? 100n * 10n ** 18n,
      behaviour: opts.behaviours?.[id] ?? "honest",
      llm: { provider: "scripted" },
    };
  });
}
