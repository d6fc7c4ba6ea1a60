/**
 * Fault injection for the soak, at the seams the engine already has: a `ValidatorExecutor` wrapper
 * tags each execution (transaction, round, validator) in an async context; the Python runtimes of
 * the pool read the tag to kill their worker (mid-execution, while Python waits for a host answer,
 * or just before the execution), and each validator's LLM provider reads it to fail or time out.
 * Faults fire only where the plan says, so a run with faults replays exactly.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ExecutionContext, ValidatorExecutor, ValidatorVerdict, ViewContext } from "../core/consensus/executor-api";
import type { Receipt, Transaction, ValidatorConfig } from "../core/consensus/types";
import {
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type ProviderCallContext,
  type RenderRequest,
  type TemplateRequest,
  type WebRequest,
} from "../core/runtime/intelligence";
import { PythonRuntime, type HostHandler, type RawOutcome } from "../core/runtime/python-runtime";
import { RuntimePool } from "../core/runtime/runtime-pool";
import { MEMORY_RECYCLE_BYTES } from "../../workers/node/node-runtime";
import { readSdkFiles } from "../../workers/node/sdk-files";
import { spawnNodeWorker } from "../../workers/node/spawn-node-worker";
import type { FaultEvent, FaultKind } from "./soak-plan";

/** One execution of a planned transaction, and the faults planned for it. */
interface ExecutionTag {
  tx: string;
  round: number;
  validator: string;
  faults: FaultEvent[];
}

/** A fault that fired: which execution it hit. */
export interface FiredFault {
  kind: FaultKind;
  tx: string;
  round: number;
  validator: string;
}

/** Where the faults are looked up and recorded. */
export class FaultLog {
  readonly fired: FiredFault[] = [];
  private readonly byExecution = new Set<string>();

  constructor(private readonly plannedFor: (txHash: string) => FaultEvent[] | undefined) {}

  faultsOf(tx: string): FaultEvent[] | undefined {
    return this.plannedFor(tx);
  }

  record(tag: ExecutionTag, kind: FaultKind): void {
    const key = executionKey(tag.tx, tag.round, tag.validator);
    this.fired.push({ kind, tx: tag.tx, round: tag.round, validator: tag.validator });
    this.byExecution.add(key);
    this.byExecution.add(`${key}|${kind}`);
  }

  /** Did any fault (or one of `kind`) hit this execution? */
  hit(tx: string, round: number, validator: string, kind?: FaultKind): boolean {
    const key = executionKey(tx, round, validator);
    return this.byExecution.has(kind ? `${key}|${kind}` : key);
  }

  counts(): Record<FaultKind, number> {
    const out: Record<FaultKind, number> = { kill_mid_execution: 0, kill_before_execution: 0, llm_error: 0, llm_timeout: 0 };
    for (const f of this.fired) out[f.kind]++;
    return out;
  }
}

const executionKey = (tx: string, round: number, validator: string) => `${tx}|${round}|${validator}`;

const scope = new AsyncLocalStorage<ExecutionTag>();

/** Tags every lead and validate execution of a planned transaction with its faults. */
export class FaultingExecutor implements ValidatorExecutor {
  constructor(
    private readonly inner: ValidatorExecutor,
    private readonly log: FaultLog,
  ) {}

  lead(validator: ValidatorConfig, tx: Transaction, ctx: ExecutionContext): Promise<Receipt> {
    return this.within(validator, tx, () => this.inner.lead(validator, tx, ctx));
  }

  validate(validator: ValidatorConfig, tx: Transaction, leader: Receipt, ctx: ExecutionContext): Promise<ValidatorVerdict> {
    return this.within(validator, tx, () => this.inner.validate(validator, tx, leader, ctx));
  }

  view(validator: ValidatorConfig, ctx: ViewContext): Promise<Receipt> {
    return this.inner.view(validator, ctx);
  }

  /** Validators' executions started beside the leader's run untagged: a fault planned for such a
   * validator fires only if it runs again in `validate`. */
  speculate(validators: ValidatorConfig[], tx: Transaction, ctx: ExecutionContext): void {
    (this.inner as ValidatorExecutor & { speculate?: (v: ValidatorConfig[], t: Transaction, c: ExecutionContext) => void }).speculate?.(validators, tx, ctx);
  }

  private within<T>(validator: ValidatorConfig, tx: Transaction, run: () => Promise<T>): Promise<T> {
    const planned = this.log.faultsOf(tx.hash);
    if (!planned || planned.length === 0) return run();
    const round = tx.rounds.length - 1;
    const r = tx.rounds[round];
    // A normal round lists the leader first; an appeal round lists only its voters.
    const position = r.kind === "validator_appeal" ? r.validators.indexOf(validator.id) + 1 : r.validators.indexOf(validator.id);
    const faults = planned.filter((f) => f.round === round && f.position === position);
    if (faults.length === 0) return run();
    return scope.run({ tx: tx.hash, round, validator: validator.id, faults }, run);
  }
}

/**
 * A Python runtime (Node worker thread) that kills its own worker when the execution it runs is
 * tagged for it. Executions are serialised here as they are inside the runtime, so a kill before an
 * execution never hits the one before it.
 */
export class FaultyRuntime extends PythonRuntime {
  private line: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: FaultLog) {
    super({ spawn: spawnNodeWorker, sdkFiles: readSdkFiles(), memoryRecycleBytes: MEMORY_RECYCLE_BYTES });
  }

  override execute(...args: Parameters<PythonRuntime["execute"]>): Promise<RawOutcome> {
    const tag = scope.getStore();
    const run = this.line.then(() => this.executeTagged(tag, ...args));
    this.line = run.catch(() => undefined);
    return run;
  }

  private async executeTagged(tag: ExecutionTag | undefined, ...args: Parameters<PythonRuntime["execute"]>): Promise<RawOutcome> {
    const [request, host, timeoutMs, ...rest] = args;
    // Host answers run in the execution's context (or in none): a worker's channel listener would
    // otherwise carry the context its worker was started in.
    if (!tag) return super.execute(request, (req) => scope.exit(() => host(req)), timeoutMs, ...rest);
    if (tag.faults.some((f) => f.kind === "kill_before_execution")) {
      await this.crash("terminate");
      this.log.record(tag, "kill_before_execution");
    }
    const kill = tag.faults.find((f) => f.kind === "kill_mid_execution");
    let calls = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const tagged: HostHandler = async (req) => {
      calls++;
      if (kill && calls === (kill.atHostCall ?? 1)) {
        this.log.record(tag, "kill_mid_execution");
        await this.crash("terminate");
        await held; // Python stays blocked on this answer until its worker is gone
        return new Uint8Array(0);
      }
      return scope.run(tag, () => host(req));
    };
    try {
      return await super.execute(request, tagged, timeoutMs, ...rest);
    } finally {
      release();
    }
  }
}

/** `size` fault-injecting runtimes. */
export function createFaultyPool(size: number, log: FaultLog): RuntimePool {
  return new RuntimePool(Array.from({ length: Math.max(1, size) }, () => new FaultyRuntime(log)));
}

/** Wraps a validator's provider: LLM calls of a tagged execution fail, or hang and then fail. */
export class FaultyProvider implements IntelligenceProvider {
  readonly label: string;

  constructor(
    private readonly inner: IntelligenceProvider,
    private readonly log: FaultLog,
  ) {
    this.label = inner.label;
  }

  private async check(): Promise<void> {
    const tag = scope.getStore();
    if (!tag) return;
    const timeout = tag.faults.find((f) => f.kind === "llm_timeout");
    if (timeout) {
      if (!this.log.hit(tag.tx, tag.round, tag.validator, "llm_timeout")) this.log.record(tag, "llm_timeout");
      await new Promise((resolve) => setTimeout(resolve, timeout.delayMs ?? 50));
      throw new ProviderError(`the LLM provider did not answer within ${timeout.delayMs ?? 50} ms (timeout)`);
    }
    if (tag.faults.some((f) => f.kind === "llm_error")) {
      if (!this.log.hit(tag.tx, tag.round, tag.validator, "llm_error")) this.log.record(tag, "llm_error");
      throw new ProviderError("the LLM provider failed: 503 Service Unavailable");
    }
  }

  async execPrompt(req: PromptRequest, ctx?: ProviderCallContext) {
    await this.check();
    return this.inner.execPrompt(req, ctx);
  }

  async execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext) {
    await this.check();
    return this.inner.execPromptTemplate(req, ctx);
  }

  webRequest(req: WebRequest) {
    return this.inner.webRequest(req);
  }

  webRender(req: RenderRequest) {
    return this.inner.webRender(req);
  }
}
