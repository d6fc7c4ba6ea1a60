/**
 * Validates unknown JSON into a `Scenario`, collecting every problem as a one-line message that
 * names its path. Pure: no I/O (contract files are read later, through the runner's `loadSource`).
 */
import { DEFAULT_SETTINGS, type ConsensusSettings, type LlmConfig } from "../consensus/types";
import type { PromptRule, ScriptedRules, TemplateRule, WebRule } from "../runtime/providers/scripted";
import type { TemplateName } from "../runtime/intelligence";
import {
  Checker,
  describeJson,
  isObject,
  joinPath,
  quote,
  readAmount,
  readBool,
  readEnum,
  readInt,
  readName,
  readNumber,
  readObject,
  readRegex,
  readString,
} from "./check";
import {
  BEHAVIOURS,
  DEFAULT_ACCOUNT,
  DEFAULT_STAKE,
  DEFAULT_VALIDATOR_COUNT,
  SCENARIO_VERSION,
  type ContractSource,
  type Scenario,
  type ScenarioAccount,
  type ScenarioConsensus,
  type ScenarioNetworkConfig,
  type ScenarioValidator,
} from "./format";
import { parseLlmConfig, parseTags } from "./parse-llm";
import { parseRecordings } from "./parse-recordings";
import { parseSteps } from "./parse-steps";
import { jsonNestingExceeds, MAX_JSON_DEPTH } from "./json-text";

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

const TOP_FIELDS = [
  "version",
  "name",
  "description",
  "tags",
  "seed",
  "chainId",
  "genesisTime",
  "network",
  "accounts",
  "llm",
  "contracts",
  "steps",
  "report",
  "recordings",
];

/** Parses and validates a scenario; on failure, every error found (in document order). */
export function parseScenario(input: unknown): ParseResult {
  if (jsonNestingExceeds(input)) return { ok: false, errors: [`the scenario nests lists or objects more than ${MAX_JSON_DEPTH} levels deep`] };
  const c = new Checker();
  const root = readObject(c, "", input, TOP_FIELDS);
  if (!root) return { ok: false, errors: c.errors };

  if (root.version === undefined) c.error("version", `required (this playground reads version ${SCENARIO_VERSION})`);
  else if (root.version !== SCENARIO_VERSION)
    c.error("version", `unsupported scenario version ${describeJson(root.version)} (this playground reads version ${SCENARIO_VERSION})`);

  const name = root.name === undefined ? (c.error("name", "required"), undefined) : readString(c, "name", root.name, { nonEmpty: true });
  const description = root.description === undefined ? undefined : readString(c, "description", root.description);
  const tags = root.tags === undefined ? undefined : parseTags(c, root.tags);
  let seed: string | number | undefined;
  if (root.seed === undefined) c.error("seed", "required (a string or an integer; it makes runs reproducible)");
  else if (typeof root.seed === "string" || (typeof root.seed === "number" && Number.isSafeInteger(root.seed))) seed = root.seed;
  else c.error("seed", `expected a string or an integer, got ${describeJson(root.seed)}`);
  const chainId = root.chainId === undefined ? undefined : readInt(c, "chainId", root.chainId, { min: 1 });
  const genesisTime = root.genesisTime === undefined ? undefined : readGenesis(c, root.genesisTime);

  const network = parseNetwork(c, root.network);
  const accounts = parseAccounts(c, root.accounts);
  const llm = root.llm === undefined ? {} : parseRules(c, "llm", root.llm);
  const contracts = parseContracts(c, root.contracts);
  const validatorIds = network.validators.map((v) => v.id);
  const recordings = root.recordings === undefined ? undefined : parseRecordings(c, root.recordings, validatorIds);
  const replaying = network.validators.find((v) => v.llm.provider === "recorded");
  if (replaying && recordings === undefined)
    c.error("recordings", `required: validator "${replaying.id}" answers from recordings (llm.provider "recorded")`);

  const names = new Map<string, string>();
  for (const v of network.validators) names.set(v.id, "a validator id");
  for (const account of Object.keys(accounts)) {
    if (names.has(account)) c.error(joinPath("accounts", account), `${quote(account)} is already ${names.get(account)}`);
    else names.set(account, "an account name");
  }

  let steps: Scenario["steps"] = [];
  if (root.steps === undefined) c.error("steps", "required (a list of steps)");
  else steps = parseSteps(c, root.steps, { accounts, validators: new Set(network.validators.map((v) => v.id)), contracts, names });

  let report: Scenario["report"];
  if (root.report !== undefined) {
    const r = readObject(c, "report", root.report, ["views"]);
    if (r?.views !== undefined) {
      if (!Array.isArray(r.views)) c.error("report.views", `expected a list of view method names, got ${describeJson(r.views)}`);
      else {
        const views = r.views.map((v, i) => readString(c, `report.views[${i}]`, v, { nonEmpty: true }));
        report = { views: views.filter((v): v is string => v !== undefined) };
      }
    } else if (r) report = {};
  }

  if (c.errors.length > 0 || name === undefined || seed === undefined) return { ok: false, errors: c.errors };
  const scenario: Scenario = {
    version: SCENARIO_VERSION,
    name,
    ...(description !== undefined && { description }),
    ...(tags !== undefined && { tags }),
    seed,
    ...(chainId !== undefined && { chainId }),
    ...(genesisTime !== undefined && { genesisTime }),
    network,
    accounts,
    llm,
    ...(recordings !== undefined && { recordings }),
    contracts,
    steps,
    ...(report !== undefined && { report }),
  };
  return { ok: true, scenario };
}

const MAX_GENESIS_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function readGenesis(c: Checker, v: unknown): string | undefined {
  // up to the end of the year 9999: later times have no four-digit ISO form (and past 8.64e15 ms
  // no Date at all: toISOString throws)
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= MAX_GENESIS_MS) return new Date(v).toISOString();
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v))) return v;
  c.error("genesisTime", `expected an ISO 8601 time in UTC like "2025-06-01T12:00:00Z" or ms since 1970, got ${describeJson(v)}`);
  return undefined;
}

const CONSENSUS_LIMITS: Record<Exclude<keyof ConsensusSettings, "validatorFee" | "failedAppealWindowFactor">, { min: number; max?: number }> = {
  validatorsPerTx: { min: 1 },
  maxRotations: { min: 0 },
  finalityWindowMs: { min: 0 },
  fastValidators: { min: 0 },
  executionTimeoutMs: { min: 1 },
  computeTimeoutMs: { min: 1 },
  slashBps: { min: 0, max: 10_000 },
  leaderSlashBps: { min: 0, max: 10_000 },
};

function parseNetwork(c: Checker, v: unknown): ScenarioNetworkConfig {
  const out: ScenarioNetworkConfig = { validators: [], consensus: {} };
  const n = v === undefined ? {} : readObject(c, "network", v, ["validators", "consensus", "runtimes", "confidential"]);
  if (!n) return out;
  out.validators = parseValidators(c, n.validators);
  const count = out.validators.length;

  if (n.consensus !== undefined) {
    const keys = Object.keys(DEFAULT_SETTINGS);
    const s = readObject(c, "network.consensus", n.consensus, keys);
    if (s) {
      const consensus: ScenarioConsensus = {};
      for (const key of keys as (keyof ConsensusSettings)[]) {
        const raw = s[key];
        if (raw === undefined) continue;
        const path = `network.consensus.${key}`;
        if (key === "validatorFee") {
          const fee = readAmount(c, path, raw);
          if (fee !== undefined) consensus.validatorFee = fee;
        } else if (key === "failedAppealWindowFactor") {
          const f = readNumber(c, path, raw, { min: 0, max: 1 });
          if (f !== undefined) consensus.failedAppealWindowFactor = f;
        } else {
          const value = readInt(c, path, raw, CONSENSUS_LIMITS[key]);
          if (value !== undefined) consensus[key] = value;
        }
      }
      if (count > 0 && consensus.validatorsPerTx !== undefined && consensus.validatorsPerTx > count)
        c.error("network.consensus.validatorsPerTx", `${consensus.validatorsPerTx} is more than the ${count} validators of the network`);
      if (count > 0 && consensus.fastValidators !== undefined && consensus.fastValidators > count - 1)
        c.error("network.consensus.fastValidators", `${consensus.fastValidators} is more than the ${count - 1} validators besides the leader`);
      out.consensus = consensus;
    }
  }
  if (count > 0 && out.consensus.validatorsPerTx === undefined && DEFAULT_SETTINGS.validatorsPerTx > count)
    out.consensus.validatorsPerTx = count;
  if (count > 0 && out.consensus.fastValidators === undefined && DEFAULT_SETTINGS.fastValidators > count - 1)
    out.consensus.fastValidators = count - 1;

  if (n.runtimes !== undefined) {
    const r = readInt(c, "network.runtimes", n.runtimes, { min: 1, max: Math.max(1, count) });
    if (r !== undefined) out.runtimes = r;
  }
  if (n.confidential !== undefined) {
    const o = readObject(c, "network.confidential", n.confidential, ["feeMultiplier", "committeeSize", "epochLengthBlocks", "registrationEpochs"]);
    if (o) {
      const conf: NonNullable<ScenarioNetworkConfig["confidential"]> = {};
      if (o.feeMultiplier !== undefined) conf.feeMultiplier = readNumber(c, "network.confidential.feeMultiplier", o.feeMultiplier, { min: 1, max: 100 });
      if (o.committeeSize !== undefined) conf.committeeSize = readInt(c, "network.confidential.committeeSize", o.committeeSize, { min: 1, max: Math.max(1, count) });
      if (o.epochLengthBlocks !== undefined) conf.epochLengthBlocks = readInt(c, "network.confidential.epochLengthBlocks", o.epochLengthBlocks, { min: 1 });
      if (o.registrationEpochs !== undefined) conf.registrationEpochs = readInt(c, "network.confidential.registrationEpochs", o.registrationEpochs, { min: 1 });
      out.confidential = conf;
    }
  }
  return out;
}

function parseValidators(c: Checker, v: unknown): ScenarioValidator[] {
  const path = "network.validators";
  if (v === undefined) return expand(DEFAULT_VALIDATOR_COUNT, DEFAULT_STAKE, "honest", { provider: "scripted" });
  if (isObject(v)) {
    const s = readObject(c, path, v, ["count", "stake", "behaviour", "llm"]);
    if (!s) return [];
    const count = s.count === undefined ? (c.error(`${path}.count`, "required"), undefined) : readInt(c, `${path}.count`, s.count, { min: 1, max: 1000 });
    const stake = s.stake === undefined ? DEFAULT_STAKE : readAmount(c, `${path}.stake`, s.stake);
    const behaviour = s.behaviour === undefined ? "honest" : readEnum(c, `${path}.behaviour`, s.behaviour, BEHAVIOURS);
    const llm = s.llm === undefined ? { provider: "scripted" } : parseLlmConfig(c, `${path}.llm`, s.llm);
    if (count === undefined || stake === undefined || behaviour === undefined || llm === undefined) return [];
    return expand(count, stake, behaviour, llm);
  }
  if (!Array.isArray(v)) {
    c.error(path, `expected a list of validators or {"count": N, "stake": "..."}, got ${describeJson(v)}`);
    return [];
  }
  if (v.length === 0) c.error(path, "needs at least one validator");
  const out: ScenarioValidator[] = [];
  const ids = new Set<string>();
  v.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const e = readObject(c, p, item, ["id", "stake", "behaviour", "llm", "rules", "enclave"]);
    if (!e) return;
    const id = e.id === undefined ? `v${i + 1}` : readName(c, `${p}.id`, e.id);
    if (id !== undefined) {
      if (ids.has(id)) c.error(e.id === undefined ? p : `${p}.id`, `duplicate validator id ${quote(id)}`);
      ids.add(id);
    }
    const stake = e.stake === undefined ? DEFAULT_STAKE : readAmount(c, `${p}.stake`, e.stake);
    const behaviour = e.behaviour === undefined ? "honest" : readEnum(c, `${p}.behaviour`, e.behaviour, BEHAVIOURS);
    const llm = e.llm === undefined ? { provider: "scripted" } : parseLlmConfig(c, `${p}.llm`, e.llm);
    const rules = e.rules === undefined ? undefined : parseRules(c, `${p}.rules`, e.rules);
    const enclave = e.enclave === undefined ? undefined : readBool(c, `${p}.enclave`, e.enclave);
    if (id === undefined || stake === undefined || behaviour === undefined || llm === undefined) return;
    out.push({ id, stake, behaviour, llm, ...(rules !== undefined && { rules }), ...(enclave && { enclave: true }) });
  });
  return out;
}

function expand(count: number, stake: string, behaviour: ScenarioValidator["behaviour"], llm: LlmConfig): ScenarioValidator[] {
  return Array.from({ length: count }, (_, i) => ({ id: `v${i + 1}`, stake, behaviour, llm: { ...llm } }));
}

const TEMPLATES: readonly TemplateName[] = ["EqComparative", "EqNonComparativeLeader", "EqNonComparativeValidator"];

/** Scripted LLM answers and web fixtures (the shape `ScriptedProvider` reads). */
export function parseRules(c: Checker, path: string, v: unknown): ScriptedRules {
  const out: ScriptedRules = {};
  const o = readObject(c, path, v, ["prompts", "templates", "web"]);
  if (!o) return out;
  const list = (key: string): unknown[] => {
    const raw = o[key];
    if (raw === undefined) return [];
    if (Array.isArray(raw)) return raw;
    c.error(`${path}.${key}`, `expected a list, got ${describeJson(raw)}`);
    return [];
  };
  if (o.prompts !== undefined) {
    out.prompts = list("prompts").flatMap((item, i): PromptRule[] => {
      const p = `${path}.prompts[${i}]`;
      const r = readObject(c, p, item, ["match", "flags", "answer"]);
      if (!r) return [];
      const flags = r.flags === undefined ? undefined : readString(c, `${p}.flags`, r.flags);
      const badFlags = flags !== undefined && !/^[dgimsuyv]*$/.test(flags);
      if (badFlags) c.error(`${p}.flags`, `unknown regular expression flags ${describeJson(flags)}`);
      const match =
        r.match === undefined
          ? (c.error(`${p}.match`, "required (a regular expression)"), undefined)
          : readRegex(c, `${p}.match`, r.match, badFlags ? "" : (flags ?? "s"));
      if (r.answer === undefined) c.error(`${p}.answer`, "required (text, or an object for JSON prompts)");
      else if (typeof r.answer !== "string" && !isObject(r.answer))
        c.error(`${p}.answer`, `expected text or an object, got ${describeJson(r.answer)}`);
      if (match === undefined || (typeof r.answer !== "string" && !isObject(r.answer))) return [];
      return [{ match, ...(flags !== undefined && { flags }), answer: r.answer as PromptRule["answer"] }];
    });
  }
  if (o.templates !== undefined) {
    out.templates = list("templates").flatMap((item, i): TemplateRule[] => {
      const p = `${path}.templates[${i}]`;
      const r = readObject(c, p, item, ["template", "match", "answer"]);
      if (!r) return [];
      const template = readEnum(c, `${p}.template`, r.template, TEMPLATES);
      const match = r.match === undefined ? undefined : readRegex(c, `${p}.match`, r.match, "s");
      if (typeof r.answer !== "boolean" && typeof r.answer !== "string")
        c.error(`${p}.answer`, `expected true, false or text, got ${describeJson(r.answer)}`);
      if (template === undefined || (r.match !== undefined && match === undefined)) return [];
      if (typeof r.answer !== "boolean" && typeof r.answer !== "string") return [];
      return [{ template, ...(match !== undefined && { match }), answer: r.answer }];
    });
  }
  if (o.web !== undefined) {
    out.web = list("web").flatMap((item, i): WebRule[] => {
      const p = `${path}.web[${i}]`;
      const r = readObject(c, p, item, ["match", "status", "headers", "body", "text", "html"]);
      if (!r) return [];
      const match = r.match === undefined ? (c.error(`${p}.match`, "required (a regular expression on the URL)"), undefined) : readRegex(c, `${p}.match`, r.match);
      const rule: WebRule = { match: match ?? "" };
      if (r.status !== undefined) {
        const s = readInt(c, `${p}.status`, r.status, { min: 100, max: 599 });
        if (s !== undefined) rule.status = s;
      }
      if (r.headers !== undefined) {
        const h = readObject(c, `${p}.headers`, r.headers, Object.keys(isObject(r.headers) ? r.headers : {}));
        if (h) {
          rule.headers = {};
          for (const [k, val] of Object.entries(h)) {
            const s = readString(c, `${p}.headers.${k}`, val);
            if (s !== undefined) rule.headers[k] = s;
          }
        }
      }
      for (const key of ["body", "text", "html"] as const) {
        if (r[key] === undefined) continue;
        const s = readString(c, `${p}.${key}`, r[key]);
        if (s !== undefined) rule[key] = s;
      }
      return match === undefined ? [] : [rule];
    });
  }
  return out;
}

function parseAccounts(c: Checker, v: unknown): Record<string, ScenarioAccount> {
  const out: Record<string, ScenarioAccount> = {};
  if (v !== undefined) {
    const o = isObject(v) ? v : (c.error("accounts", `expected an object of name → balance, got ${describeJson(v)}`), {});
    for (const [name, raw] of Object.entries(o)) {
      const p = joinPath("accounts", name);
      if (readName(c, p, name) === undefined) continue;
      let balance: string | undefined;
      if (isObject(raw)) {
        const a = readObject(c, p, raw, ["balance"]);
        balance = a?.balance === undefined ? "0" : readAmount(c, `${p}.balance`, a.balance);
      } else balance = readAmount(c, p, raw);
      if (balance !== undefined) out[name] = { balance };
    }
  }
  if (Object.keys(out).length === 0 && (v === undefined || (isObject(v) && Object.keys(v).length === 0)))
    out[DEFAULT_ACCOUNT] = { balance: "0" };
  return out;
}

function parseContracts(c: Checker, v: unknown): Record<string, ContractSource> {
  const out: Record<string, ContractSource> = {};
  if (v === undefined) return out;
  if (!isObject(v)) {
    c.error("contracts", `expected an object of label → Python source, got ${describeJson(v)}`);
    return out;
  }
  for (const [label, raw] of Object.entries(v)) {
    const p = joinPath("contracts", label);
    if (readName(c, p, label) === undefined) continue;
    if (typeof raw === "string") {
      out[label] = { source: raw };
      continue;
    }
    const o = readObject(c, p, raw, ["source", "file"]);
    if (!o) continue;
    if ((o.source === undefined) === (o.file === undefined)) {
      c.error(p, 'give either "source" (inline Python) or "file" (a path)');
      continue;
    }
    if (o.source !== undefined) {
      const s = readString(c, `${p}.source`, o.source);
      if (s !== undefined) out[label] = { source: s };
    } else {
      const f = readString(c, `${p}.file`, o.file, { nonEmpty: true });
      if (f !== undefined) out[label] = { file: f };
    }
  }
  return out;
}
