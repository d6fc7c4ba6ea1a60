/**
 * Validators' executions started beside the leader's. A validator normally runs after the leader,
 * with the leader's non-deterministic results as input. When the leader turns out to have none,
 * the validator's input is exactly what it would have been had it started together with the
 * leader, so an execution started then gives the same receipt; the round then takes the time of
 * its slowest execution instead of leader + validators.
 *
 * A speculative result is used only when all of these hold, and otherwise the validator runs as
 * usual (the speculative run is dropped):
 * - the leader recorded no non-deterministic results;
 * - the validator's context (code, storage, balance, time, seed, origin) is the one speculated on;
 * - the run made no host request at all (an LLM, web or contract read gets refused instead, so no
 *   provider — recorded answers included — is ever consulted by a speculative run);
 * - it ended with a result of the contract (not a timeout or a crashed worker);
 * - the execution does not go to an enclave (the caller checks).
 */
import type { ExecutionResult } from "../runtime/execution-types";
import { ProviderError, type IntelligenceProvider } from "../runtime/intelligence";
import type { ExecutionContext } from "./executor-api";
import type { Receipt, Transaction } from "./types";

/** Transactions kept at once (only one is mid-round at a time; a few cover stepping). */
const MAX_TXS = 8;

/** Source text that suggests non-deterministic blocks: not worth a speculative run. */
const NONDET_HINT = /nondet|eq_principle|exec_prompt|get_webpage|run_nondet|prompt_/;

interface Speculated {
  ctx: ExecutionContext;
  runs: Map<string, Promise<ExecutionResult | null>>;
  /** Set when the runs can no longer be used: the ones not started yet are skipped. */
  dropped: { value: boolean };
}

export class Speculation {
  private readonly byTx = new Map<string, Speculated>();

  /** Whether a transaction on `code` is worth running ahead (a hint only; `take` decides). */
  static worthIt(code: string): boolean {
    return !NONDET_HINT.test(code);
  }

  /**
   * Records the runs started for `tx`'s current round. `dropped.value` turns true when they can no
   * longer be used; a run should check it when its turn comes and not start then.
   */
  start(tx: Transaction, ctx: ExecutionContext, runs: Map<string, Promise<ExecutionResult | null>>, dropped: { value: boolean }): void {
    for (const p of runs.values()) p.catch(() => undefined);
    this.byTx.set(key(tx), { ctx, runs, dropped });
    while (this.byTx.size > MAX_TXS) this.drop(this.byTx.keys().next().value!);
  }

  /** The leader is done: its receipt may already rule the speculative runs out. */
  leaderDone(tx: Transaction, leader: Receipt): void {
    if (this.byTx.size === 0) return;
    const o = leader.outcome;
    if (leader.nondet.length > 0 || (o.kind === "vm_error" && (o.message === "timeout" || o.message.startsWith("internal error")))) this.drop(key(tx));
  }

  private drop(k: string): void {
    const entry = this.byTx.get(k);
    if (entry) entry.dropped.value = true;
    this.byTx.delete(k);
  }

  /** The validator's speculative result, if it is exactly what a normal run would give; else null. */
  async take(tx: Transaction, validator: string, leader: Receipt, ctx: ExecutionContext): Promise<ExecutionResult | null> {
    if (this.byTx.size === 0) return null;
    const entry = this.byTx.get(key(tx));
    const run = entry?.runs.get(validator);
    if (!entry || !run) return null;
    entry.runs.delete(validator);
    if (entry.runs.size === 0) this.byTx.delete(key(tx));
    if (leader.nondet.length > 0 || !sameContext(entry.ctx, ctx)) {
      this.drop(key(tx));
      return null;
    }
    const res = await run.catch(() => null);
    if (!res || res.hostCalls.length > 0) return null;
    const o = res.outcome;
    if (o.kind === "vm_error" && (o.message === "timeout" || o.message.startsWith("internal error"))) return null;
    return res;
  }
}

/** The provider of a speculative run: it never answers, so no provider state is ever used. */
export const REFUSING_PROVIDER: IntelligenceProvider = {
  label: "speculative run",
  execPrompt: refuse,
  execPromptTemplate: refuse,
  webRequest: refuse,
  webRender: refuse,
};

async function refuse(): Promise<never> {
  throw new ProviderError("no intelligence or web access in a speculative run");
}

function key(tx: Transaction): string {
  return `${tx.hash}|${(tx.rounds?.length ?? 0) - 1}`;
}

function sameContext(a: ExecutionContext, b: ExecutionContext): boolean {
  if (a.code !== b.code || a.balance !== b.balance || a.datetime !== b.datetime || a.chainId !== b.chainId) return false;
  if (!sameBytes(a.seed, b.seed) || a.origin.toHex() !== b.origin.toHex() || a.storage.size !== b.storage.size) return false;
  for (const [slot, bytes] of a.storage) {
    const other = b.storage.get(slot);
    if (!other || !sameBytes(bytes, other)) return false;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
