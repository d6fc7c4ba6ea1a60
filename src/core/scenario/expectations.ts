/** Checking `expect`s and phrasing the outcome: `step N (<label>): expected X, got Y`. */
import type { Address, CalldataValue } from "../calldata";
import type { Transaction } from "../consensus/types";
import type { NameResolver } from "./args";
import { stepAction, stepKind, type Comparison, type ExpectAction, type JsonValue, type Step, type TxExpect } from "./format";
import type { ScenarioNetwork } from "./network";
import { txError, type ExpectationResult } from "./report";
import { compareHolds, describeComparison, matchesExpected, toJsonSafe } from "./values";

export type ViewResult = { result: { value: CalldataValue; json: JsonValue } } | { error: string };

/** The step's label, or a short description (`store.update_storage`, `advance 30000ms`). */
export function stepTitle(step: Step): string {
  const label = stepAction(step).label;
  if (label !== undefined) return label;
  if ("call" in step) return `${step.call.contract}.${step.call.method}`;
  if ("view" in step) return `${step.view.contract}.${step.view.method}`;
  if ("appeal" in step) return `appeal ${step.appeal.tx}`;
  if ("advance" in step) return `advance ${step.advance.ms}ms`;
  if ("expect" in step) {
    const e = step.expect;
    if ("tx" in e) return `expect ${e.tx}`;
    if ("view" in e) return `expect ${e.contract}.${e.view}`;
    if ("validator" in e) return `expect ${e.validator}`;
    if ("account" in e) return `expect ${e.account}`;
    return `expect ${e.contract}`;
  }
  return stepKind(step);
}

function outcome(step: number, label: string, ok: boolean, expected: JsonValue, actual: JsonValue, want: string, got: string): ExpectationResult {
  const message = ok ? `step ${step} (${label}): ${want}` : `step ${step} (${label}): expected ${want}, got ${got}`;
  return { step, label, ok, expected, actual, message };
}

const q = (v: JsonValue | undefined): string => (v === undefined ? "nothing" : JSON.stringify(v));

export function checkTx(step: number, label: string, tx: Transaction, expect: TxExpect, resolve: NameResolver): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  if (expect.status !== undefined) {
    out.push(outcome(step, label, tx.status === expect.status, expect.status, tx.status, `status ${q(expect.status)}`, q(tx.status)));
  }
  const error = txError(tx);
  const got =
    tx.result?.kind === "return"
      ? `result ${q(toJsonSafe(tx.result.value))}`
      : error !== undefined
        ? `error ${q(error)}`
        : `no result (status ${tx.status})`;
  const actual: JsonValue =
    tx.result?.kind === "return" ? toJsonSafe(tx.result.value) : error !== undefined ? { error } : { status: tx.status };
  if ("result" in expect && expect.result !== undefined) {
    const ok = tx.result?.kind === "return" && matchesExpected(expect.result, tx.result.value, resolve);
    out.push(outcome(step, label, ok, expect.result, actual, `result ${q(expect.result)}`, got));
  }
  if (expect.error !== undefined) {
    const ok = error !== undefined && error.includes(expect.error);
    out.push(outcome(step, label, ok, { error: expect.error }, actual, `an error containing ${q(expect.error)}`, got));
  }
  return out;
}

export function checkView(
  step: number,
  label: string,
  res: ViewResult,
  expected: JsonValue | undefined,
  expectError: string | undefined,
  resolve: NameResolver,
): ExpectationResult {
  const actual: JsonValue = "result" in res ? res.result.json : { error: res.error };
  const got = "result" in res ? q(res.result.json) : `error ${q(res.error)}`;
  if (expectError !== undefined) {
    const ok = "error" in res && res.error.includes(expectError);
    return outcome(step, label, ok, { error: expectError }, actual, `an error containing ${q(expectError)}`, got);
  }
  const ok = "result" in res && matchesExpected(expected ?? null, res.result.value, resolve);
  return outcome(step, label, ok, expected ?? null, actual, q(expected ?? null), got);
}

export interface ExpectContext {
  net: ScenarioNetwork;
  contracts: Map<string, { address: Address }>;
  resolve: NameResolver;
}

/** Balance, stake and reputation expectations. */
export function checkExpect(step: number, label: string, e: ExpectAction, ctx: ExpectContext): ExpectationResult[] {
  const num = <T extends string | number>(what: string, check: Comparison<T>, actual: bigint | number): ExpectationResult => {
    const actualJson = typeof actual === "bigint" ? actual.toString() : actual;
    const want = `${what} ${describeComparison(check)}`;
    return outcome(step, label, compareHolds(check, actual), check as JsonValue, actualJson, want, q(actualJson));
  };
  if ("validator" in e) {
    const v = ctx.net.validatorsState().find((x) => x.id === e.validator);
    if (!v) throw new Error(`validator "${e.validator}" is not in the network`);
    const out: ExpectationResult[] = [];
    if (e.stake !== undefined) out.push(num(`stake of ${e.validator}`, e.stake, v.stake));
    if (e.balance !== undefined) out.push(num(`balance of ${e.validator}`, e.balance, v.balance));
    if (e.reputation !== undefined) out.push(num(`reputation of ${e.validator}`, e.reputation, v.reputation));
    return out;
  }
  if ("account" in e) return [num(`balance of ${e.account}`, e.balance, ctx.net.balanceOf(ctx.resolve(e.account)!))];
  if ("balance" in e && "contract" in e) {
    const address = ctx.contracts.get(e.contract)!.address;
    return [num(`balance of ${e.contract}`, e.balance, ctx.net.contractState(address)?.balance ?? ctx.net.balanceOf(address))];
  }
  return [];
}
