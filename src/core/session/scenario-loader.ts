/**
 * A scenario into a `PlaygroundSession`: the setup it starts from (`sessionOptionsFromScenario`:
 * files from inline sources, validators, consensus, seed, accounts, scripted answers, recordings)
 * and `runScenarioSteps`, which replays the steps through the session's public API, so the app
 * shows every transaction as if the user had made it. The same scenario and seed give the same
 * hashes, votes and state, and a session's `toScenario()` replays to the same run.
 *
 * Each deploy's file is named after its label (`market.py` for `"label": "market"`), so the
 * session names the contract as the scenario does and `@market` arguments resolve.
 */
import { Address } from "../calldata";
import type { Phase } from "../consensus/network-core";
import type { PhaseInfo } from "../consensus/engine";
import { checkTx } from "../scenario/expectations";
import { accountAddress, validatorAddress } from "../scenario/accounts";
import type { NameResolver } from "../scenario/args";
import { compareHolds, describeComparison } from "../scenario/values";
import { stepKind, type JsonValue, type Scenario, type Step, type TxExpect } from "../scenario/format";
import type { PlaygroundSession, PlaygroundSessionOptions } from "./session";
import type { SessionSetup, WorkspaceFile } from "./types";

export type SourceLoader = (file: string) => string;

/** A copy whose contracts all carry their source (files read with `load`); deploys by `file`
 * become deploys of a contract labelled after the file. Throws a one-line error for a missing file. */
export function inlineScenario(scenario: Scenario, load: SourceLoader): Scenario {
  const out = structuredClone(scenario);
  for (const [label, c] of Object.entries(out.contracts)) if ("file" in c) out.contracts[label] = { source: load(c.file) };
  for (const step of out.steps) {
    if (!("deploy" in step) || step.deploy.file === undefined) continue;
    const source = load(step.deploy.file);
    const base = (step.deploy.file.split("/").pop() ?? "contract").replace(/\.py$/, "").replace(/[^\w.-]/g, "_") || "contract";
    let label = base;
    const taken = (l: string) => {
      const c = out.contracts[l];
      return c !== undefined && !("source" in c && c.source === source);
    };
    for (let i = 2; taken(label); i++) label = `${base}_${i}`;
    out.contracts[label] = { source };
    const { file: _file, ...rest } = step.deploy;
    step.deploy = { ...rest, contract: label };
  }
  return out;
}

function sourceOf(scenario: Scenario, label: string): string {
  const c = scenario.contracts[label];
  if (!c || !("source" in c)) throw new Error(`contract ${label} has no inline source`);
  return c.source;
}

/** Workspace path of each deploy label (and of contracts no step deploys). */
export function scenarioFiles(scenario: Scenario): { files: WorkspaceFile[]; byDeploy: Record<string, string> } {
  const files: WorkspaceFile[] = [];
  const byDeploy: Record<string, string> = {};
  const deployed = new Set<string>();
  for (const step of scenario.steps) {
    if (!("deploy" in step)) continue;
    const d = step.deploy;
    const contract = d.contract ?? "";
    deployed.add(contract);
    const path = `${d.label}.py`;
    byDeploy[d.label] = path;
    if (!files.some((f) => f.path === path)) files.push({ path, text: sourceOf(scenario, contract) });
  }
  for (const label of Object.keys(scenario.contracts)) {
    const path = `${label}.py`;
    if (!deployed.has(label) && !files.some((f) => f.path === path)) files.push({ path, text: sourceOf(scenario, label) });
  }
  return { files, byDeploy };
}

/** The `PlaygroundSession` options (besides `createNetwork`) that start from the scenario's setup. */
export function sessionOptionsFromScenario(scenario: Scenario): Omit<PlaygroundSessionOptions, "createNetwork"> {
  const validators = scenario.network.validators.map((v) => ({ ...v, llm: { ...v.llm } }));
  const setup: Partial<SessionSetup> = {
    seed: String(scenario.seed),
    validators,
    consensus: { ...scenario.network.consensus },
    runtimes: scenario.network.runtimes ?? Math.min(validators.length, 3),
    llm: structuredClone(scenario.llm),
    ...(scenario.network.confidential && { confidential: { ...scenario.network.confidential } }),
    // Recorded intelligence for validators with `llm.provider: "recorded"`.
    ...(scenario.recordings && { recordings: structuredClone(scenario.recordings) }),
  };
  const accounts = Object.fromEntries(Object.entries(scenario.accounts).map(([name, a]) => [name, BigInt(a.balance)]));
  return { files: scenarioFiles(scenario).files, setup, accounts };
}

// ---- replaying steps ----

/** Where a deep link stops: the transaction (a label or hash), its round (1-based) and phase. */
export interface StopAt {
  tx: string;
  round?: number;
  phase: Phase;
}

export interface ExpectationOutcome {
  step: number;
  ok: boolean;
  message: string;
}

export interface StepsRun {
  /** Steps run (all of them unless stopped or failed). */
  ran: number;
  expectations: ExpectationOutcome[];
  /** One line when a step could not run; the run stops there. */
  error?: string;
  /** Where the run stopped for `stopAt` (the selected transaction waits there). */
  stoppedAt?: PhaseInfo;
  /** Scenario label → transaction hash. */
  hashes: Record<string, string>;
}

/** The round a phase belongs to, 0-based (selection opens the next round). */
export function phaseRound(next: PhaseInfo): number {
  return next.phase === "select" ? next.round + 1 : next.round;
}

export interface RunStepsOptions {
  stopAt?: StopAt;
  /** Called before each step (e.g. to show progress). */
  onStep?(index: number, step: Step): void;
}

const TX_KINDS = new Set(["deploy", "call", "appeal", "advance"]);

export async function runScenarioSteps(session: PlaygroundSession, scenario: Scenario, opts: RunStepsOptions = {}): Promise<StepsRun> {
  const { byDeploy } = scenarioFiles(scenario);
  const hashes: Record<string, string> = {};
  const expectations: ExpectationOutcome[] = [];
  const st = () => session.getState();
  const wasStepMode = st().stepMode;
  let stoppedAt: PhaseInfo | undefined;
  let ran = 0;

  const lastError = () => st().errors.at(-1)?.message ?? "the step failed";
  const hashOf = (ref: string): string | undefined => {
    if (hashes[ref]) return hashes[ref];
    const byLabel = Object.entries(st().txLabels).find(([, l]) => l === ref)?.[0];
    return byLabel ?? st().transactions.find((t) => t.hash.toLowerCase() === ref.toLowerCase())?.hash;
  };
  const resolve: NameResolver = (name) => {
    const s = st();
    if (s.accounts.some((a) => a.name === name)) return accountAddress(name);
    const c = s.contracts.find((x) => x.label === name);
    if (c) return Address.fromHex(c.address);
    if (s.setup.validators.some((v) => v.id === name)) return validatorAddress(name);
    return undefined;
  };
  const reached = (next: PhaseInfo): boolean => {
    const stop = opts.stopAt;
    if (!stop) return false;
    const hash = hashOf(stop.tx);
    return hash === next.tx && next.phase === stop.phase && (stop.round === undefined || phaseRound(next) === stop.round - 1);
  };
  /** Processes until idle, or until the deep link's phase is next. */
  const drive = async (): Promise<void> => {
    for (;;) {
      const next = st().next;
      if (!next) return;
      if (reached(next)) {
        stoppedAt = next;
        return;
      }
      await (opts.stopAt ? session.step() : session.continue());
      if (st().errors.some((e) => e.scope === "stepper")) throw new Error(lastError());
    }
  };
  const checkTxExpect = (i: number, label: string, hash: string, expect: TxExpect | undefined) => {
    if (!expect) return;
    const tx = st().transactions.find((t) => t.hash === hash);
    if (!tx) return expectations.push({ step: i, ok: false, message: `step ${i} (${label}): no such transaction` });
    for (const r of checkTx(i, label, tx, expect, resolve)) expectations.push({ step: i, ok: r.ok, message: r.message });
  };
  const checkValue = (i: number, label: string, key: string, expected: JsonValue | undefined, expectError?: string) => {
    const r = st().results[key];
    if (!r) return expectations.push({ step: i, ok: false, message: `step ${i} (${label}): the view did not run` });
    if (expectError !== undefined) {
      const ok = !r.ok && (r.error ?? "").includes(expectError);
      return expectations.push({ step: i, ok, message: ok ? `step ${i} (${label}): an error containing "${expectError}"` : `step ${i} (${label}): expected an error containing "${expectError}", got ${r.ok ? JSON.stringify(r.value) : `error "${r.error}"`}` });
    }
    if (expected === undefined) return;
    const ok = r.ok && jsonMatches(expected, r.value ?? null, resolve);
    expectations.push({ step: i, ok, message: ok ? `step ${i} (${label}): ${JSON.stringify(expected)}` : `step ${i} (${label}): expected ${JSON.stringify(expected)}, got ${r.ok ? JSON.stringify(r.value) : `error "${r.error}"`}` });
  };
  const must = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error(lastError());
    return v;
  };

  session.setStepMode(true);
  try {
    for (const [i, step] of scenario.steps.entries()) {
      if (stoppedAt) break;
      opts.onStep?.(i, step);
      const kind = stepKind(step);
      const wait = TX_KINDS.has(kind) && (step as Record<string, { wait?: boolean }>)[kind].wait !== false;
      if ("deploy" in step) {
        const d = step.deploy;
        const path = byDeploy[d.label];
        const hash = must(await session.deploy(path, d.args ?? [], d.kwargs ?? {}, { from: d.from, value: d.value ? BigInt(d.value) : undefined, mode: d.mode, encryption: "seeded", ...(d.confidential && { confidential: d.confidential }), ...(d.sealed && { sealed: d.sealed }) }));
        hashes[d.label] = hash;
        if (wait) await drive();
        if (!stoppedAt) checkTxExpect(i, d.label, hash, d.expect);
      } else if ("call" in step) {
        const c = step.call;
        const hash = must(await session.call(c.contract, c.method, c.args ?? [], c.kwargs ?? {}, { from: c.from, value: c.value ? BigInt(c.value) : undefined, mode: c.mode, encryption: "seeded", ...(c.sealed && { sealed: c.sealed }) }));
        if (c.label !== undefined) hashes[c.label] = hash;
        if (wait) await drive();
        if (!stoppedAt) checkTxExpect(i, c.label ?? `${c.contract}.${c.method}`, hash, c.expect);
      } else if ("view" in step) {
        const v = step.view;
        must(await session.view(v.contract, v.method, v.args ?? [], v.kwargs ?? {}, { from: v.from, state: v.state }));
        checkValue(i, v.label ?? `${v.contract}.${v.method}`, `${v.contract}.${v.method}`, v.expect, v.expectError);
      } else if ("appeal" in step) {
        const hash = hashOf(step.appeal.tx);
        if (!hash) throw new Error(`steps[${i}].appeal: no transaction ${step.appeal.tx}`);
        await session.appeal(hash, step.appeal.by);
        if (st().errors.some((e) => e.scope === "clock")) throw new Error(lastError());
        if (wait) await drive();
      } else if ("advance" in step) {
        await session.advanceTime(step.advance.ms);
        if (st().errors.some((e) => e.scope === "clock")) throw new Error(lastError());
        if (wait) await drive();
      } else if ("run" in step) {
        await drive();
      } else if ("expect" in step) {
        await checkExpectStep(session, i, step.expect, { resolve, hashOf, checkTxExpect, checkValue, expectations, must });
      }
      if (!stoppedAt) ran++;
    }
  } catch (e) {
    return { ran, expectations, error: `step ${ran}: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`, hashes };
  } finally {
    if (!stoppedAt) session.setStepMode(wasStepMode);
  }
  if (stoppedAt) session.selectTx(stoppedAt.tx);
  else if (opts.stopAt) return { ran, expectations, hashes, error: `the run never reached ${opts.stopAt.tx}${opts.stopAt.round ? ` round ${opts.stopAt.round}` : ""} at ${opts.stopAt.phase}` };
  return { ran, expectations, hashes, ...(stoppedAt && { stoppedAt }) };
}

interface ExpectTools {
  resolve: NameResolver;
  hashOf(ref: string): string | undefined;
  checkTxExpect(i: number, label: string, hash: string, expect: TxExpect): void;
  checkValue(i: number, label: string, key: string, expected: JsonValue | undefined): void;
  expectations: ExpectationOutcome[];
  must<T>(v: T | undefined): T;
}

async function checkExpectStep(session: PlaygroundSession, i: number, e: Extract<Step, { expect: unknown }>["expect"], t: ExpectTools): Promise<void> {
  if ("tx" in e) {
    const hash = t.hashOf(e.tx);
    if (!hash) return void t.expectations.push({ step: i, ok: false, message: `step ${i}: no transaction ${e.tx}` });
    return t.checkTxExpect(i, e.label ?? e.tx, hash, e);
  }
  if ("view" in e) {
    t.must(await session.view(e.contract, e.view, e.args ?? [], e.kwargs ?? {}, { from: e.from, state: e.state }));
    return t.checkValue(i, e.label ?? `${e.contract}.${e.view}`, `${e.contract}.${e.view}`, e.equals);
  }
  if ("validator" in e) return; // stakes and reputation are shown in the Validators tab, not checked here
  const s = session.getState();
  const address = "account" in e ? accountAddress(e.account).toChecksum() : s.contracts.find((c) => c.label === e.contract)?.address;
  const name = "account" in e ? e.account : e.contract;
  const balance = "account" in e ? s.accounts.find((a) => a.name === e.account)?.balance : address ? session.balanceOf(address) : undefined;
  if (balance === undefined) return void t.expectations.push({ step: i, ok: false, message: `step ${i}: no ${name}` });
  const ok = compareHolds(e.balance, balance);
  t.expectations.push({ step: i, ok, message: ok ? `step ${i} (${name} balance): ${describeComparison(e.balance)}` : `step ${i} (${name} balance): expected ${describeComparison(e.balance)}, got ${balance}` });
}

/** Expected JSON against a JSON-safe result (integers as decimal strings, addresses checksummed). */
export function jsonMatches(expected: JsonValue, actual: JsonValue, resolve: NameResolver): boolean {
  if (typeof expected === "number" && typeof actual === "string" && /^-?\d+$/.test(actual)) return Number.isSafeInteger(expected) && BigInt(expected) === BigInt(actual);
  if (typeof expected === "string" && typeof actual === "string") {
    if (expected.startsWith("@") && /^0x[0-9a-fA-F]{40}$/.test(actual)) return resolve(expected.slice(1))?.toChecksum().toLowerCase() === actual.toLowerCase();
    if (/^0x[0-9a-fA-F]*$/.test(expected) && /^0x[0-9a-fA-F]*$/.test(actual)) return expected.toLowerCase() === actual.toLowerCase();
    return expected === actual;
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((x, i) => jsonMatches(x, actual[i], resolve));
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((k) => k in actual && jsonMatches(expected[k], actual[k], resolve));
  }
  return expected === actual;
}
