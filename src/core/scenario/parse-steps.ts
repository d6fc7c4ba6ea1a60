/** Validation of `steps`: shapes, labels and references to accounts, validators, contracts and txs. */
import { TX_STATUSES, type ConsensusMode } from "../consensus/types";
import type { SealedArgs } from "./format";
import {
  Checker,
  describeJson,
  isObject,
  orList,
  quote,
  readAmount,
  readBool,
  readEnum,
  readInt,
  readLabel,
  readNumber,
  readObject,
  readString,
  suggest,
} from "./check";
import {
  COMPARE_OPS,
  STEP_KINDS,
  type Comparison,
  type ContractSource,
  type ExpectAction,
  type JsonValue,
  type ScenarioAccount,
  type Step,
  type StepKind,
  type TxExpect,
  type ViewState,
} from "./format";

export interface StepContext {
  accounts: Record<string, ScenarioAccount>;
  validators: Set<string>;
  contracts: Record<string, ContractSource>;
  /** Names taken so far (accounts, validator ids) → what they are; step labels are added. */
  names: Map<string, string>;
}

interface LabelInfo {
  step: number;
  kind: StepKind;
}

const COMMON = ["label", "note"];
const TX_FIELDS = [...COMMON, "from", "value", "mode", "wait", "expect"];
const FIELDS: Record<StepKind, string[]> = {
  deploy: [...TX_FIELDS, "contract", "file", "args", "kwargs", "confidential", "sealed"],
  call: [...TX_FIELDS, "contract", "method", "args", "kwargs", "sealed"],
  view: [...COMMON, "contract", "method", "args", "kwargs", "from", "state", "expect", "expectError"],
  appeal: [...COMMON, "tx", "by", "bond", "wait"],
  advance: [...COMMON, "ms", "wait"],
  run: COMMON,
  expect: [...COMMON, "tx", "status", "result", "error", "contract", "view", "args", "kwargs", "from", "state", "equals", "balance", "account", "validator", "stake", "reputation"],
};
const MODES: readonly ConsensusMode[] = ["strict", "fast"];
const STATES: readonly ViewState[] = ["accepted", "finalized"];

export function parseSteps(c: Checker, v: unknown, ctx: StepContext): Step[] {
  if (!Array.isArray(v)) {
    c.error("steps", `expected a list of steps, got ${describeJson(v)}`);
    return [];
  }
  const labels = new Map<string, LabelInfo>();
  const out: Step[] = [];
  v.forEach((raw, i) => {
    const step = parseStep(c, `steps[${i}]`, i, raw, ctx, labels);
    if (step) out.push(step);
  });
  return out;
}

function parseStep(c: Checker, path: string, index: number, raw: unknown, ctx: StepContext, labels: Map<string, LabelInfo>): Step | undefined {
  if (!isObject(raw)) {
    c.error(path, `expected an object like {"call": {...}}, got ${describeJson(raw)}`);
    return undefined;
  }
  const keys = Object.keys(raw);
  const kinds = keys.filter((k): k is StepKind => (STEP_KINDS as readonly string[]).includes(k));
  const unknown = keys.filter((k) => !kinds.includes(k as StepKind));
  for (const k of unknown) c.error(path, `unknown step ${quote(k)}${suggest(k, STEP_KINDS)}; a step is one of ${orList(STEP_KINDS)}`);
  if (kinds.length > 1) c.error(path, `a step has exactly one action, got ${orList(kinds).replace(" or ", " and ")}`);
  if (kinds.length !== 1) {
    if (kinds.length === 0 && unknown.length === 0) c.error(path, `empty step; a step is one of ${orList(STEP_KINDS)}`);
    return undefined;
  }
  const kind = kinds[0];
  const p = `${path}.${kind}`;
  let body = raw[kind];
  if (kind === "advance" && typeof body === "number") body = { ms: body };
  const a = readObject(c, p, body, FIELDS[kind]);
  if (!a) return undefined;
  const r = new Refs(c, p, index, ctx, labels);
  const errorsBefore = c.errors.length;

  const common: { label?: string; note?: string } = {};
  if (a.note !== undefined) common.note = readString(c, `${p}.note`, a.note);
  let step: Step | undefined;

  switch (kind) {
    case "deploy": {
      const hasContract = a.contract !== undefined;
      if (hasContract === (a.file !== undefined)) c.error(p, 'give either "contract" (a label of "contracts") or "file" (a .py path)');
      let defaultLabel: string | undefined;
      if (hasContract) {
        const label = readString(c, `${p}.contract`, a.contract, { nonEmpty: true });
        if (label !== undefined && !Object.hasOwn(ctx.contracts, label)) {
          const known = Object.keys(ctx.contracts);
          c.error(`${p}.contract`, `unknown contract ${quote(label)}${suggest(label, known)}${known.length ? `; "contracts" has ${orList(known)}` : '; "contracts" is empty (use "file" for a .py path)'}`);
        }
        defaultLabel = label;
      } else if (a.file !== undefined) {
        const file = readString(c, `${p}.file`, a.file, { nonEmpty: true });
        defaultLabel = file?.split(/[\\/]/).pop()?.replace(/\.py$/, "");
      }
      const label = r.defineLabel(a.label, defaultLabel, "deploy");
      const tx = r.txOptions(a);
      const call = r.argsOf(a);
      const committee = a.confidential === undefined ? undefined : readCommitteeOptions(c, `${p}.confidential`, a.confidential, r);
      const sealed = a.sealed === undefined ? undefined : readSealed(c, `${p}.sealed`, a.sealed);
      if (label === undefined) return undefined;
      step = {
        deploy: {
          ...(hasContract ? { contract: a.contract as string } : { file: a.file as string }),
          label,
          ...call,
          ...tx,
          ...(committee && { confidential: committee }),
          ...(sealed && { sealed }),
          ...common,
        },
      };
      break;
    }
    case "call": {
      const contract = r.contract(a.contract);
      const method = r.method(a.method);
      const label = r.defineLabel(a.label, undefined, "call");
      const tx = r.txOptions(a);
      const sealed = a.sealed === undefined ? undefined : readSealed(c, `${p}.sealed`, a.sealed);
      step = { call: { contract: contract!, method: method!, ...r.argsOf(a), ...tx, ...(sealed && { sealed }), ...(label !== undefined && { label }), ...common } };
      break;
    }
    case "view": {
      const contract = r.contract(a.contract);
      const method = r.method(a.method);
      const label = r.defineLabel(a.label, undefined, "view");
      const from = a.from === undefined ? undefined : r.account(`${p}.from`, a.from);
      const state = a.state === undefined ? undefined : readEnum(c, `${p}.state`, a.state, STATES);
      const expectError = a.expectError === undefined ? undefined : readString(c, `${p}.expectError`, a.expectError);
      if (a.expect !== undefined && a.expectError !== undefined) c.error(p, 'give "expect" or "expectError", not both');
      step = {
        view: {
          contract: contract!,
          method: method!,
          ...r.argsOf(a),
          ...(from !== undefined && { from }),
          ...(state !== undefined && { state }),
          ...(a.expect !== undefined && { expect: r.json(`${p}.expect`, a.expect) }),
          ...(expectError !== undefined && { expectError }),
          ...(label !== undefined && { label }),
          ...common,
        },
      };
      break;
    }
    case "appeal": {
      const tx = a.tx === undefined ? (c.error(`${p}.tx`, "required (the label of a deploy or call)"), undefined) : r.tx(`${p}.tx`, a.tx);
      const by = a.by === undefined ? undefined : r.account(`${p}.by`, a.by, true);
      const bond = a.bond === undefined ? undefined : readAmount(c, `${p}.bond`, a.bond);
      const wait = a.wait === undefined ? undefined : readBool(c, `${p}.wait`, a.wait);
      const label = r.defineLabel(a.label, undefined, "appeal");
      step = {
        appeal: {
          tx: tx!,
          ...(by !== undefined && { by }),
          ...(bond !== undefined && { bond }),
          ...(wait !== undefined && { wait }),
          ...(label !== undefined && { label }),
          ...common,
        },
      };
      break;
    }
    case "advance": {
      const ms = a.ms === undefined ? (c.error(`${p}.ms`, "required (milliseconds of virtual time)"), undefined) : readInt(c, `${p}.ms`, a.ms, { min: 0 });
      const wait = a.wait === undefined ? undefined : readBool(c, `${p}.wait`, a.wait);
      const label = r.defineLabel(a.label, undefined, "advance");
      step = { advance: { ms: ms!, ...(wait !== undefined && { wait }), ...(label !== undefined && { label }), ...common } };
      break;
    }
    case "run": {
      const label = r.defineLabel(a.label, undefined, "run");
      step = { run: { ...(label !== undefined && { label }), ...common } };
      break;
    }
    case "expect": {
      const label = r.defineLabel(a.label, undefined, "expect");
      const e = parseExpect(c, p, a, r);
      if (e) step = { expect: { ...e, ...(label !== undefined && { label }), ...common } as ExpectAction };
      break;
    }
  }
  return c.errors.length === errorsBefore ? step : undefined;
}

function parseExpect(c: Checker, p: string, a: Record<string, unknown>, r: Refs): ExpectAction | undefined {
  const present = (keys: string[]) => keys.filter((k) => a[k] !== undefined);
  const only = (allowed: string[]) => {
    for (const k of Object.keys(a)) if (!allowed.includes(k) && !COMMON.includes(k)) c.error(p, `${quote(k)} does not go with "${allowed[0]}"`);
  };
  if (a.tx !== undefined) {
    only(["tx", "status", "result", "error"]);
    const tx = r.tx(`${p}.tx`, a.tx);
    const e = r.txExpect(p, a);
    return tx === undefined || e === undefined ? undefined : { tx, ...e };
  }
  if (a.validator !== undefined) {
    only(["validator", "stake", "balance", "reputation"]);
    const id = readString(c, `${p}.validator`, a.validator);
    if (id !== undefined && !r.ctx.validators.has(id)) c.error(`${p}.validator`, `unknown validator ${quote(id)}${suggest(id, r.ctx.validators)}`);
    if (present(["stake", "balance", "reputation"]).length === 0) c.error(p, 'give "stake", "balance" or "reputation"');
    const out: Record<string, unknown> = { validator: id };
    if (a.stake !== undefined) out.stake = readComparison(c, `${p}.stake`, a.stake, "amount");
    if (a.balance !== undefined) out.balance = readComparison(c, `${p}.balance`, a.balance, "amount");
    if (a.reputation !== undefined) out.reputation = readComparison(c, `${p}.reputation`, a.reputation, "number");
    return out as unknown as ExpectAction;
  }
  if (a.account !== undefined) {
    only(["account", "balance"]);
    const account = r.account(`${p}.account`, a.account);
    if (a.balance === undefined) c.error(`${p}.balance`, "required");
    const balance = a.balance === undefined ? undefined : readComparison(c, `${p}.balance`, a.balance, "amount");
    return account === undefined || balance === undefined ? undefined : { account, balance: balance as Comparison<string> };
  }
  if (a.contract !== undefined && a.view !== undefined) {
    only(["contract", "view", "args", "kwargs", "from", "state", "equals"]);
    const contract = r.contract(a.contract);
    const view = readString(c, `${p}.view`, a.view, { nonEmpty: true });
    if (!("equals" in a)) c.error(`${p}.equals`, "required (the value the view must return)");
    const from = a.from === undefined ? undefined : r.account(`${p}.from`, a.from);
    const state = a.state === undefined ? undefined : readEnum(c, `${p}.state`, a.state, STATES);
    if (contract === undefined || view === undefined || !("equals" in a)) return undefined;
    return {
      contract,
      view,
      ...r.argsOf(a),
      ...(from !== undefined && { from }),
      ...(state !== undefined && { state }),
      equals: r.json(`${p}.equals`, a.equals),
    };
  }
  if (a.contract !== undefined && a.balance !== undefined) {
    only(["contract", "balance"]);
    const contract = r.contract(a.contract);
    const balance = readComparison(c, `${p}.balance`, a.balance, "amount");
    return contract === undefined || balance === undefined ? undefined : { contract, balance: balance as Comparison<string> };
  }
  c.error(p, 'expected {"tx", "status"}, {"contract", "view", "equals"}, {"contract", "balance"}, {"account", "balance"} or {"validator", "stake"|"balance"|"reputation"}');
  return undefined;
}

function readComparison(c: Checker, path: string, v: unknown, kind: "amount" | "number"): Comparison<string> | Comparison<number> | undefined {
  const one = (p: string, x: unknown) => (kind === "amount" ? readAmount(c, p, x) : readNumber(c, p, x));
  if (!isObject(v)) return one(path, v);
  const o = readObject(c, path, v, COMPARE_OPS);
  if (!o) return undefined;
  if (Object.keys(o).length === 0) c.error(path, `give at least one of ${orList(COMPARE_OPS)}`);
  const out: Record<string, string | number | undefined> = {};
  for (const op of COMPARE_OPS) if (o[op] !== undefined) out[op] = one(`${path}.${op}`, o[op]);
  return out as Comparison<string>;
}

/** Reference checks shared by the step kinds. */
class Refs {
  constructor(
    readonly c: Checker,
    readonly path: string,
    readonly index: number,
    readonly ctx: StepContext,
    readonly labels: Map<string, LabelInfo>,
  ) {}

  defineLabel(raw: unknown, fallback: string | undefined, kind: StepKind): string | undefined {
    const path = `${this.path}.label`;
    if (raw === undefined && fallback === undefined) return undefined;
    const label = raw === undefined ? fallback : readLabel(this.c, path, raw);
    if (label === undefined) return undefined;
    const taken = this.labels.get(label);
    const how = raw === undefined ? "; give this deploy its own label" : "";
    if (taken) this.c.error(path, `${quote(label)} is already the label of steps[${taken.step}]${how}`);
    else if (this.ctx.names.has(label)) this.c.error(path, `${quote(label)} is already ${this.ctx.names.get(label)}${how}`);
    else this.labels.set(label, { step: this.index, kind });
    return label;
  }

  contract(raw: unknown): string | undefined {
    const path = `${this.path}.contract`;
    if (raw === undefined) {
      this.c.error(path, "required (the label of a deployed contract)");
      return undefined;
    }
    const name = readString(this.c, path, raw, { nonEmpty: true })?.replace(/^@/, "");
    if (name === undefined) return undefined;
    const info = this.labels.get(name);
    if (!info) {
      const deployed = [...this.labels].filter(([, l]) => l.kind === "deploy").map(([n]) => n);
      this.c.error(path, `unknown contract label ${quote(name)}${suggest(name, deployed)}`);
    } else if (info.kind !== "deploy") this.c.error(path, `${quote(name)} labels a ${info.kind} step (steps[${info.step}]), not a deployed contract`);
    return name;
  }

  tx(path: string, raw: unknown): string | undefined {
    const name = readString(this.c, path, raw, { nonEmpty: true });
    if (name === undefined) return undefined;
    const info = this.labels.get(name);
    if (!info) {
      const txs = [...this.labels].filter(([, l]) => l.kind === "deploy" || l.kind === "call").map(([n]) => n);
      this.c.error(path, `unknown transaction label ${quote(name)}${suggest(name, txs)}`);
    } else if (info.kind !== "deploy" && info.kind !== "call")
      this.c.error(path, `${quote(name)} labels a ${info.kind} step (steps[${info.step}]), not a transaction`);
    return name;
  }

  /** An account name (or, with `orValidator`, a validator id). */
  account(path: string, raw: unknown, orValidator = false): string | undefined {
    const name = readString(this.c, path, raw, { nonEmpty: true })?.replace(/^@/, "");
    if (name === undefined) return undefined;
    if (orValidator && this.ctx.validators.has(name)) return name;
    if (!Object.hasOwn(this.ctx.accounts, name)) {
      const known = [...Object.keys(this.ctx.accounts), ...(orValidator ? this.ctx.validators : [])];
      this.c.error(path, `unknown ${orValidator ? "account or validator" : "account"} ${quote(name)}${suggest(name, known)}`);
      return undefined;
    }
    return name;
  }

  method(raw: unknown): string | undefined {
    if (raw === undefined) {
      this.c.error(`${this.path}.method`, "required");
      return undefined;
    }
    return readString(this.c, `${this.path}.method`, raw, { nonEmpty: true });
  }

  /** `args` (a list) and `kwargs` (an object), kept as JSON; converted later with the schema. */
  argsOf(a: Record<string, unknown>): { args?: JsonValue[]; kwargs?: Record<string, JsonValue> } {
    const out: { args?: JsonValue[]; kwargs?: Record<string, JsonValue> } = {};
    if (a.args !== undefined) {
      if (Array.isArray(a.args)) out.args = a.args.map((x, i) => this.json(`${this.path}.args[${i}]`, x));
      else this.c.error(`${this.path}.args`, `expected a list of arguments, got ${describeJson(a.args)}`);
    }
    if (a.kwargs !== undefined) {
      if (isObject(a.kwargs)) out.kwargs = this.json(`${this.path}.kwargs`, a.kwargs) as Record<string, JsonValue>;
      else this.c.error(`${this.path}.kwargs`, `expected an object of keyword arguments, got ${describeJson(a.kwargs)}`);
    }
    return out;
  }

  /** Checks that a value is plain JSON (it is when it came from JSON.parse). */
  json(path: string, v: unknown): JsonValue {
    const ok = (x: unknown): boolean =>
      x === null ||
      typeof x === "string" ||
      typeof x === "boolean" ||
      (typeof x === "number" && Number.isFinite(x)) ||
      (Array.isArray(x) && x.every(ok)) ||
      (isObject(x) && Object.values(x).every(ok));
    if (!ok(v)) this.c.error(path, "expected a JSON value");
    return v as JsonValue;
  }

  txOptions(a: Record<string, unknown>): { from?: string; value?: string; mode?: ConsensusMode; wait?: boolean; expect?: TxExpect } {
    const p = this.path;
    const out: { from?: string; value?: string; mode?: ConsensusMode; wait?: boolean; expect?: TxExpect } = {};
    if (a.from !== undefined) out.from = this.account(`${p}.from`, a.from);
    if (a.value !== undefined) out.value = readAmount(this.c, `${p}.value`, a.value);
    if (a.mode !== undefined) out.mode = readEnum(this.c, `${p}.mode`, a.mode, MODES);
    if (a.wait !== undefined) out.wait = readBool(this.c, `${p}.wait`, a.wait);
    if (a.expect !== undefined) {
      const before = this.c.errors.length;
      const e = readObject(this.c, `${p}.expect`, a.expect, ["status", "result", "error"]);
      if (e && this.c.errors.length === before) out.expect = this.txExpect(`${p}.expect`, e);
      if (out.wait === false)
        this.c.error(`${p}.expect`, 'a transaction submitted with "wait": false is not processed yet; check it with a later expect step');
    }
    return out;
  }

  txExpect(p: string, e: Record<string, unknown>): TxExpect | undefined {
    const out: TxExpect = {};
    if (e.status === undefined && !("result" in e) && e.error === undefined) {
      this.c.error(p, 'give "status", "result" or "error"');
      return undefined;
    }
    if (e.status !== undefined) out.status = readEnum(this.c, `${p}.status`, e.status, TX_STATUSES);
    if ("result" in e) out.result = this.json(`${p}.result`, e.result);
    if (e.error !== undefined) out.error = readString(this.c, `${p}.error`, e.error);
    if ("result" in e && e.error !== undefined) this.c.error(p, 'give "result" or "error", not both');
    return out;
  }
}

/** `"confidential": {"n": 3, "t": 2, "auditors": ["alice"]}` on a deploy. */
function readCommitteeOptions(c: Checker, p: string, v: unknown, r: Refs): { n?: number; t?: number; auditors?: string[] } | undefined {
  const o = readObject(c, p, v, ["n", "t", "auditors"]);
  if (!o) return undefined;
  const n = o.n === undefined ? undefined : readInt(c, `${p}.n`, o.n, { min: 1, max: 100 });
  const t = o.t === undefined ? undefined : readInt(c, `${p}.t`, o.t, { min: 1, max: 100 });
  if (n !== undefined && t !== undefined && t > n) c.error(`${p}.t`, `the threshold ${t} is more than the committee size ${n}`);
  let auditors: string[] | undefined;
  if (o.auditors !== undefined) {
    if (!Array.isArray(o.auditors)) c.error(`${p}.auditors`, "expected a list of account names");
    else auditors = o.auditors.map((x, i) => r.account(`${p}.auditors[${i}]`, x)).filter((x): x is string => x !== undefined);
  }
  return { ...(n !== undefined && { n }), ...(t !== undefined && { t }), ...(auditors && { auditors }) };
}

/** A recorded run's encrypted arguments: hex ciphertext and the label fields. */
function readSealed(c: Checker, p: string, v: unknown): SealedArgs | undefined {
  const o = readObject(c, p, v, ["committeeId", "keyGeneration", "senderNonce", "args", "ciphertext"]);
  if (!o) return undefined;
  const hex = (k: string, x: unknown) => {
    const s = readString(c, `${p}.${k}`, x);
    if (s !== undefined && !/^0x([0-9a-f]{2})*$/.test(s)) c.error(`${p}.${k}`, "expected lowercase 0x-hex");
    return s;
  };
  const committeeId = hex("committeeId", o.committeeId);
  const ciphertext = hex("ciphertext", o.ciphertext);
  const keyGeneration = readInt(c, `${p}.keyGeneration`, o.keyGeneration, { min: 0 });
  const senderNonce = readAmount(c, `${p}.senderNonce`, o.senderNonce);
  const args: SealedArgs["args"] = [];
  if (!Array.isArray(o.args)) c.error(`${p}.args`, "expected a list of {index, typeHint}");
  else
    o.args.forEach((x, i) => {
      const a = readObject(c, `${p}.args[${i}]`, x, ["index", "typeHint"]);
      const index = a ? readInt(c, `${p}.args[${i}].index`, a.index, { min: 0, max: 255 }) : undefined;
      const typeHint = a ? readString(c, `${p}.args[${i}].typeHint`, a.typeHint, { nonEmpty: true }) : undefined;
      if (index !== undefined && typeHint !== undefined) args.push({ index, typeHint });
    });
  if (committeeId === undefined || ciphertext === undefined || keyGeneration === undefined || senderNonce === undefined) return undefined;
  return { committeeId, keyGeneration, senderNonce, args, ciphertext };
}
