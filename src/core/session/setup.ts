/** The session's setup as a scenario: defaults, validator edits and `toScenario()` assembly. */
import { DEFAULT_STAKE, SCENARIO_VERSION, type Scenario, type ScenarioValidator, type Step } from "../scenario/format";
import type { SessionSetup } from "./types";

export const DEFAULT_SETUP: SessionSetup = {
  seed: "playground",
  validators: [1, 2, 3].map((i) => ({ id: `v${i}`, stake: DEFAULT_STAKE, behaviour: "honest", llm: { provider: "scripted" } })),
  consensus: { validatorsPerTx: 3, finalityWindowMs: 30_000 },
  runtimes: 2,
  llm: {},
};

/** 100 GEN. */
export const DEFAULT_BALANCE = 100n * 10n ** 18n;

export function newValidator(existing: readonly ScenarioValidator[], patch: Partial<ScenarioValidator> = {}): ScenarioValidator {
  let n = existing.length + 1;
  const ids = new Set(existing.map((v) => v.id));
  while (ids.has(`v${n}`)) n++;
  return { id: `v${n}`, stake: DEFAULT_STAKE, behaviour: "honest", llm: { provider: "scripted" }, ...patch };
}

export function checkValidators(list: readonly ScenarioValidator[]): void {
  if (list.length === 0) throw new Error("a network needs at least one validator");
  const ids = new Set<string>();
  for (const v of list) {
    if (!/^[\w.-]+$/.test(v.id)) throw new Error(`validator id "${v.id}" may use letters, digits, "_", "." and "-" only`);
    if (ids.has(v.id)) throw new Error(`two validators are called ${v.id}`);
    ids.add(v.id);
    if (!/^\d+$/.test(v.stake) || BigInt(v.stake) <= 0n) throw new Error(`${v.id}: stake must be a positive whole number of wei`);
    checkLlm(v);
  }
}

/** Per-provider checks of a validator's LLM settings (one line each). */
function checkLlm(v: ScenarioValidator): void {
  const { provider, model, baseUrl, temperature, seed, maxTokens } = v.llm;
  if (!["scripted", "webllm", "openai", "recorded"].includes(provider))
    throw new Error(`${v.id}: unknown LLM provider "${provider}" (expected scripted, webllm, openai or recorded)`);
  if (provider === "webllm" && !model?.trim()) throw new Error(`${v.id}: WebLLM needs a model`);
  if (provider === "openai" && !baseUrl?.trim()) throw new Error(`${v.id}: an OpenAI-compatible server needs a base URL`);
  if (provider === "openai" && !model?.trim()) throw new Error(`${v.id}: an OpenAI-compatible server needs a model name`);
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) throw new Error(`${v.id}: temperature must be from 0 to 2`);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`${v.id}: the LLM seed must be a whole number`);
  if (maxTokens !== undefined && !(Number.isSafeInteger(maxTokens) && maxTokens > 0)) throw new Error(`${v.id}: max tokens must be a whole number > 0`);
}

export interface ScenarioParts {
  name: string;
  setup: SessionSetup;
  accounts: ReadonlyMap<string, bigint>;
  contracts: Readonly<Record<string, string>>;
  steps: readonly Step[];
}

/** A scenario document (version 1) of the session's setup and steps so far. */
export function buildScenario(p: ScenarioParts): Scenario {
  const count = p.setup.validators.length;
  const perTx = p.setup.consensus.validatorsPerTx;
  return {
    version: SCENARIO_VERSION,
    name: p.name,
    seed: p.setup.seed,
    network: {
      validators: p.setup.validators.map((v) => ({ ...v, llm: { ...v.llm } })),
      consensus: { ...p.setup.consensus, ...(perTx !== undefined && { validatorsPerTx: Math.min(perTx, count) }) },
      runtimes: p.setup.runtimes,
      ...(p.setup.confidential && { confidential: { ...p.setup.confidential } }),
    },
    accounts: Object.fromEntries([...p.accounts].map(([name, balance]) => [name, { balance: balance.toString() }])),
    llm: p.setup.llm,
    contracts: Object.fromEntries(Object.entries(p.contracts).map(([label, source]) => [label, { source }])),
    steps: structuredClone([...p.steps]),
    ...(p.setup.recordings && { recordings: structuredClone(p.setup.recordings) }),
  };
}

/** True when a transaction step was recorded after the last `run` step. */
export function needsRun(steps: readonly Step[]): boolean {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if ("run" in s) return false;
    if ("deploy" in s || "call" in s || "appeal" in s || "advance" in s) return true;
  }
  return false;
}

export function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
