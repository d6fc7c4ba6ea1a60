/**
 * Runs validators' executions on the Python runtime pool and turns them into receipts and votes,
 * applying each validator's behaviour (honest, malicious leader, always-disagree, offline, slow,
 * flaky LLM). Virtual durations are derived from gas and host calls, never from wall-clock time,
 * so runs stay bit-identical.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, encode, type Address } from "../calldata";
import { executeContract } from "../runtime/executor";
import type { Effect, ExecutionInput, ExecutionOutcome, ExecutionResult } from "../runtime/execution-types";
import type { IntelligenceProvider } from "../runtime/intelligence";
import type { RuntimePool } from "../runtime/runtime-pool";
import type { HostHandler, PythonRuntime, RawOutcome } from "../runtime/python-runtime";
import type { ConfidentialReceiptInfo } from "../confidential/protocol";
import { CONFIDENTIAL_INPUTS_UNAVAILABLE } from "../confidential/decryption-share";
import { DEFAULT_GAS_LIMIT, DEFAULT_LLM_TOKEN_LIMIT } from "../runtime/executor";
import { FlakyProvider } from "./flaky-provider";
import { failedReceipt } from "./rounds";
import type { ExecutionContext, ValidatorExecutor, ValidatorVerdict, ViewContext } from "./executor-api";
import type { ConsensusSettings, Receipt, Transaction, ValidatorConfig, Vote } from "./types";
import { REFUSING_PROVIDER, Speculation } from "./speculation";

/**
 * Where a confidential contract's executions run: the executing validator's enclave worker
 * (with the committee's sealed shares gathered first). Null: not confidential, use the pool.
 */
export interface ConfidentialRouting {
  route(validator: ValidatorConfig, tx: Transaction, ctx: ExecutionContext, leaderResults: Uint8Array[]): Promise<EnclaveRoute | null>;
  routeView(validator: ValidatorConfig, ctx: ViewContext): Promise<EnclaveRoute | null>;
}

export interface EnclaveRoute {
  enclave: string;
  run(request: Uint8Array, host: HostHandler, timeoutMs: number): Promise<RawOutcome>;
}

export interface PyodideExecutorOptions {
  pool: RuntimePool;
  confidential?: ConfidentialRouting;
  settings: ConsensusSettings;
  /** The intelligence provider of each validator (scripted rules, recorded answers, WebLLM...). */
  providerFor(validator: ValidatorConfig): IntelligenceProvider;
  gasLimit?: bigint;
  llmTokenLimit?: number;
  /** Start validators beside the leader where that gives the same receipts (default true; ./speculation.ts). */
  speculate?: boolean;
}

const TAMPERED_VALUE = encode("tampered by a malicious leader");

export class PyodideValidatorExecutor implements ValidatorExecutor {
  private readonly providers = new Map<string, IntelligenceProvider>();
  private readonly speculation = new Speculation();

  constructor(private readonly options: PyodideExecutorOptions) {}

  /** Starts the validators' executions beside the leader's (see ./speculation.ts for when they count). */
  speculate(validators: ValidatorConfig[], tx: Transaction, ctx: ExecutionContext): void {
    if (this.options.speculate === false || !Speculation.worthIt(ctx.code)) return;
    const message = { contract: tx.to, entryData: tx.calldata, sender: tx.from, value: tx.value, isInit: tx.kind === "deploy" };
    const input = this.input(ctx, message, "validator", [], false);
    const options = { provider: REFUSING_PROVIDER, chain: ctx.chain, llmTokenLimit: 0, timeoutMs: this.options.settings.computeTimeoutMs };
    const runs = new Map<string, Promise<ExecutionResult | null>>();
    const dropped = { value: false };
    const run = (runtime: PythonRuntime) => (request: Uint8Array, host: HostHandler, timeoutMs: number) =>
      runtime.execute(request, host, timeoutMs, () => dropped.value);
    for (const v of validators) {
      if (v.behaviour === "offline" || runs.has(v.id)) continue;
      runs.set(v.id, this.options.pool.use((runtime) => executeContract(null, input, { ...options, run: run(runtime) })));
    }
    this.speculation.start(tx, ctx, runs, dropped);
  }

  async lead(validator: ValidatorConfig, tx: Transaction, ctx: ExecutionContext): Promise<Receipt> {
    if (validator.behaviour === "offline") return this.silentReceipt(validator, "leader", "offline: the leader never answered");
    const res = await this.run(validator, tx, ctx, { mode: "leader", leaderResults: [] });
    const receipt = this.receiptOf(validator, "leader", res, res.enclaveId);
    this.speculation.leaderDone(tx, receipt);
    if (validator.behaviour === "malicious_leader") return tamper(receipt);
    return receipt;
  }

  async validate(validator: ValidatorConfig, tx: Transaction, leader: Receipt, ctx: ExecutionContext): Promise<ValidatorVerdict> {
    if (validator.behaviour === "offline") {
      return { receipt: this.silentReceipt(validator, "validator", "offline"), vote: "timeout", reason: "validator is offline" };
    }
    const ahead = this.speculation.take(tx, validator.id, leader, ctx);
    const routed = await this.options.confidential?.route(validator, tx, ctx, leader.nondet);
    const res: ExecutionResult & { enclaveId?: string } = (!routed && (await ahead)) || (await this.run(validator, tx, ctx, { mode: "validator", leaderResults: leader.nondet }, routed));
    const receipt = this.receiptOf(validator, "validator", res, res.enclaveId);
    if (validator.behaviour === "always_disagree") return { receipt, vote: "disagree", reason: "always disagrees (behaviour)" };
    const [vote, reason] = voteOn(receipt, leader, this.options.settings);
    return { receipt, vote, reason };
  }

  async view(validator: ValidatorConfig, ctx: ViewContext): Promise<Receipt> {
    const message = { contract: ctx.contract, entryData: ctx.calldata, sender: ctx.sender, value: 0n, isInit: false };
    const options = {
      provider: this.provider(validator),
      chain: ctx.chain,
      llmTokenLimit: this.options.llmTokenLimit ?? DEFAULT_LLM_TOKEN_LIMIT,
      timeoutMs: this.options.settings.computeTimeoutMs,
    };
    const input = this.input(ctx, message, "leader", [], true);
    const route = await this.options.confidential?.routeView(validator, ctx);
    const res = route
      ? await executeContract(null, input, { ...options, run: route.run })
      : await this.options.pool.use((runtime) => executeContract(runtime, input, options));
    return this.receiptOf(validator, "leader", res, route?.enclave);
  }

  private async run(
    validator: ValidatorConfig,
    tx: Transaction,
    ctx: ExecutionContext,
    how: Pick<ExecutionInput, "mode" | "leaderResults">,
    routed?: EnclaveRoute | null,
  ): Promise<ExecutionResult & { enclaveId?: string }> {
    const message = { contract: tx.to, entryData: tx.calldata, sender: tx.from, value: tx.value, isInit: tx.kind === "deploy" };
    const options = {
      provider: this.provider(validator, tx.hash),
      chain: ctx.chain,
      llmTokenLimit: this.options.llmTokenLimit ?? DEFAULT_LLM_TOKEN_LIMIT,
      timeoutMs: this.options.settings.computeTimeoutMs,
    };
    const route = routed !== undefined ? routed : await this.options.confidential?.route(validator, tx, ctx, how.leaderResults);
    if (route) {
      // The leader's results travel sealed; the enclave opens them itself.
      const input = this.input(ctx, message, how.mode, [], false);
      return { ...(await executeContract(null, input, { ...options, run: route.run })), enclaveId: route.enclave };
    }
    const input = this.input(ctx, message, how.mode, how.leaderResults, false);
    return this.options.pool.use((runtime) => executeContract(runtime, input, options));
  }

  private input(
    ctx: ExecutionContext,
    m: { contract: Address; entryData: Uint8Array; sender: Address; value: bigint; isInit: boolean },
    mode: ExecutionInput["mode"],
    leaderResults: Uint8Array[],
    readonly: boolean,
  ): ExecutionInput {
    return {
      code: ctx.code,
      message: {
        contractAddress: m.contract,
        senderAddress: m.sender,
        originAddress: ctx.origin,
        value: m.value,
        chainId: ctx.chainId,
        datetime: ctx.datetime,
        isInit: m.isInit,
        stack: [],
        entryData: m.entryData,
      },
      mode,
      readonly,
      leaderResults,
      storage: ctx.storage,
      balance: ctx.balance,
      gasLimit: this.options.gasLimit ?? DEFAULT_GAS_LIMIT,
      seed: ctx.seed,
    };
  }

  private provider(validator: ValidatorConfig, salt = ""): IntelligenceProvider {
    let base = this.providers.get(validator.id);
    if (!base) {
      base = this.options.providerFor(validator);
      this.providers.set(validator.id, base);
    }
    return validator.behaviour === "flaky_llm" ? new FlakyProvider(base, `${validator.id}:${salt}`) : base;
  }

  private receiptOf(validator: ValidatorConfig, role: Receipt["role"], res: ExecutionResult, enclave?: string): Receipt {
    const info = enclave ? confidentialInfo(enclave, res.enclave) : undefined;
    const hostCalls = res.hostCalls.length + (info?.enclaveCalls.length ?? 0);
    let durationMs = 1 + Number(res.gasUsed / 10_000n) + 50 * hostCalls;
    if (validator.behaviour === "slow") durationMs = durationMs * 20 + 5_000;
    if (res.outcome.kind === "vm_error" && res.outcome.message === "timeout") durationMs = this.options.settings.executionTimeoutMs;
    return {
      validator: validator.id,
      role,
      outcome: res.outcome,
      stateRoot: res.stateRoot,
      writes: res.writes,
      nondet: res.nondet,
      effects: res.effects,
      gasUsed: res.gasUsed,
      llmTokens: res.llmTokens + (info ? enclaveTokens(res.enclave) : 0),
      stdout: res.stdout,
      durationMs,
      hostCalls: res.hostCalls.map(({ request, payload, answer }) => ({ request, payload, answer })),
      ...(info ? { confidential: info } : {}),
    };
  }

  private silentReceipt(validator: ValidatorConfig, role: Receipt["role"], why: string): Receipt {
    return failedReceipt(validator.id, role, "timeout", this.options.settings.executionTimeoutMs, why);
  }

}

/** The public part of an enclave's reply, for the receipt. */
function confidentialInfo(enclave: string, reply: unknown): ConfidentialReceiptInfo {
  const r = (reply ?? {}) as Partial<{ shares: ConfidentialReceiptInfo["shares"]; evidence: ConfidentialReceiptInfo["evidence"]; enclaveCalls: string[]; unavailable: string | null; signature: Uint8Array | null }>;
  return {
    enclave,
    shares: r.shares ?? [],
    evidence: r.evidence ?? [],
    enclaveCalls: r.enclaveCalls ?? [],
    unavailable: r.unavailable ?? null,
    signature: r.signature ? "0x" + bytesToHex(r.signature) : null,
  };
}

function enclaveTokens(reply: unknown): number {
  const n = (reply as { enclaveTokens?: unknown } | undefined)?.enclaveTokens;
  return typeof n === "number" ? n : 0;
}

/** How an honest validator votes on the leader's receipt, with the reason in words. */
export function voteOn(mine: Receipt, leader: Receipt, settings: ConsensusSettings): [Vote, string] {
  const o = mine.outcome;
  if ((o.kind === "vm_error" && o.message === "timeout") || mine.durationMs >= settings.executionTimeoutMs)
    return ["timeout", "execution did not finish in time"];
  // Our own failure (e.g. the validator's worker crashed), not the contract's: like a timeout.
  if (o.kind === "vm_error" && o.message.startsWith("internal error")) return ["timeout", o.message];
  // Too few valid decryption shares reached this enclave: it could not check, like a timeout.
  if (o.kind === "vm_error" && o.message === CONFIDENTIAL_INPUTS_UNAVAILABLE && !sameOutcome(o, leader.outcome))
    return ["timeout", "confidential inputs unavailable to this validator's enclave"];
  if (o.kind === "vm_error" && o.message === "validator_disagrees") {
    const failure = providerFailure(mine);
    if (failure) return ["disagree", `the validator function rejected the leader's result after its LLM or web request failed: ${failure}`];
    return ["disagree", "a non-deterministic block's validator function rejected the leader's result"];
  }
  if (!sameOutcome(o, leader.outcome)) return ["deterministic_violation", "result differs from the leader's"];
  if (mine.stateRoot !== leader.stateRoot) return ["deterministic_violation", "state root differs from the leader's"];
  if (effectsHash(mine.effects) !== effectsHash(leader.effects)) return ["deterministic_violation", "emitted messages differ from the leader's"];
  return ["agree", "same result, state root and messages as the leader"];
}

const PROVIDER_REQUESTS = new Set(["ExecPrompt", "ExecPromptTemplate", "WebRequest", "WebRender"]);

/** The one-line error of the first LLM or web request that failed in this execution, if any. */
function providerFailure(receipt: Receipt): string | undefined {
  for (const call of receipt.hostCalls ?? []) {
    const error = call.answer instanceof Map ? call.answer.get("error") : undefined;
    if (typeof error === "string" && PROVIDER_REQUESTS.has(call.request)) return error;
  }
  return undefined;
}

function sameOutcome(a: ExecutionOutcome, b: ExecutionOutcome): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "return" && b.kind === "return") return bytesToHex(a.calldata) === bytesToHex(b.calldata);
  return a.kind !== "return" && b.kind !== "return" && a.message === b.message;
}

function effectsHash(effects: Effect[]): string {
  return bytesToHex(keccak_256(encode(effects.map((e) => new Map([[e.kind, e.payload]])))));
}

/** A malicious leader reports a different result and state root than it computed. */
function tamper(receipt: Receipt): Receipt {
  return {
    ...receipt,
    outcome: { kind: "return", calldata: TAMPERED_VALUE, value: "tampered by a malicious leader" },
    stateRoot: "0x" + bytesToHex(keccak_256(new TextEncoder().encode("tampered:" + receipt.stateRoot))),
  };
}
