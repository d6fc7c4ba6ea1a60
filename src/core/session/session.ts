/**
 * `PlaygroundSession`: the app's controller, DOM-free. It owns the workspace files, accounts, the
 * validator setup and the network built from it, deployed contracts, stepping (with a snapshot
 * before every phase, so Back works) and the log. React reads `getState()` through
 * `useSyncExternalStore(session.subscribe, session.getState)`.
 */
import { Address, encode, makeCalldataObject, type CalldataValue } from "../calldata";
import type { Phase } from "../consensus/network-core";
import { accountAddress, accountPrivateKey, validatorAddress } from "../scenario/accounts";
import { auditSealedField } from "./auditor-read";
import { convertArgs, readContractSchema, type ContractSchema } from "../scenario/args";
import { Checker } from "../scenario/check";
import { parseRules } from "../scenario/parse";
import type { JsonValue, Scenario, ScenarioConsensus, ScenarioValidator, Step } from "../scenario/format";
import { describeFailure } from "../runtime/errors";
import { toJsonSafe } from "../scenario/values";
import { SessionCore, type Deployed } from "./core";
import { checkValidators, messageOf, needsRun, newValidator } from "./setup";
import type { ErrorScope, ResultView, SessionSetup, StateView, TxOptions } from "./types";
import { confidentialSubmit, publicArgs, sealedArgsOf, sealedAsAny } from "./confidential-steps";
import type { ConfidentialSettings } from "../confidential/execution/confidential-world";

export type { PlaygroundSessionOptions, SavedChain } from "./core";

export type SchemaResult = { ok: true; schema: ContractSchema } | { ok: false; message: string; line?: number };

export class PlaygroundSession extends SessionCore {
  private get locked(): boolean {
    return (this.net?.network.transactions().length ?? 0) > 0;
  }

  private changeSetup(scope: ErrorScope, change: (s: SessionSetup) => SessionSetup): Promise<void | undefined> {
    return this.act(scope, async () => {
      if (this.locked) throw new Error("the network already has transactions: reset it to change validators or settings");
      const next = change(this.setup);
      checkValidators(next.validators);
      this.setup = next;
      this.built = this.rebuild();
      await this.built;
    });
  }

  setValidators(validators: ScenarioValidator[]) {
    return this.changeSetup("validators", (s) => ({ ...s, validators: validators.map((v) => ({ ...v })) }));
  }
  addValidator(patch: Partial<ScenarioValidator> = {}) {
    return this.changeSetup("validators", (s) => ({ ...s, validators: [...s.validators, newValidator(s.validators, patch)] }));
  }
  removeValidator(id: string) {
    return this.changeSetup("validators", (s) => ({ ...s, validators: s.validators.filter((v) => v.id !== id) }));
  }
  updateValidator(id: string, patch: Partial<ScenarioValidator>) {
    return this.changeSetup("validators", (s) => ({ ...s, validators: s.validators.map((v) => (v.id === id ? { ...v, ...patch, id: v.id } : v)) }));
  }
  /** The scripted answers every validator shares (validated like a scenario's `llm`). */
  setLlmRules(rules: unknown) {
    return this.changeSetup("validators", (s) => {
      const c = new Checker();
      const parsed = parseRules(c, "rules", rules);
      if (c.errors.length > 0) throw new Error(c.errors[0]);
      return { ...s, llm: parsed };
    });
  }
  setConsensus(patch: ScenarioConsensus) {
    return this.changeSetup("validators", (s) => ({ ...s, consensus: { ...s.consensus, ...patch } }));
  }
  /** Confidential chain settings (fee multiplier, default committee size…); `undefined` drops a setting. */
  setConfidential(patch: ConfidentialSettings) {
    return this.changeSetup("validators", (s) => ({ ...s, confidential: confidentialSettings({ ...s.confidential, ...patch }, s.validators.length) }));
  }

  /** A fresh network from the current setup: contracts, transactions and history are dropped;
   * files and accounts (with their balances) stay. */
  reset(): Promise<void | undefined> {
    return this.act("network", async () => {
      this.clearChain();
      this.built = this.rebuild();
      await this.built;
    });
  }

  // ---- files ----

  setFile(path: string, text: string): void {
    const i = this.files.findIndex((f) => f.path === path);
    this.files = i < 0 ? [...this.files, { path, text }] : this.files.map((f, j) => (j === i ? { path, text } : f));
    this.activeFile ??= path;
    this.emit();
  }
  openFile(path: string): void {
    if (!this.files.some((f) => f.path === path)) return this.setError("files", `no file ${path}`);
    this.activeFile = path;
    this.emit();
  }
  removeFile(path: string): void {
    this.files = this.files.filter((f) => f.path !== path);
    if (this.activeFile === path) this.activeFile = this.files[0]?.path ?? null;
    this.emit();
  }

  private fileText(path: string): string {
    const f = this.files.find((x) => x.path === path);
    if (!f) throw new Error(`no file ${path}`);
    return f.text;
  }

  /** The schema of a workspace file (`#get-schema`); failures carry the line when known. */
  async schema(path: string): Promise<SchemaResult> {
    const r = await this.act("files", async (): Promise<SchemaResult> => {
      const res = await this.network.schema(this.fileText(path));
      if (!res.ok) return { ok: false, message: res.message, ...(res.line !== undefined && { line: res.line }) };
      return { ok: true, schema: readContractSchema(res.schema) };
    });
    return r ?? { ok: false, message: this.errors.find((e) => e.scope === "files")?.message ?? "schema failed" };
  }

  // ---- accounts ----

  /** The balance of any address (an account, a contract) on the network now; undefined while it builds. */
  balanceOf(address: string): bigint | undefined {
    return this.net?.network.balanceOf(Address.fromHex(address));
  }

  setSender(name: string): void {
    if (!this.accounts.has(name)) return this.setError("accounts", `no account ${name}`);
    this.sender = name;
    this.emit();
  }

  /** Faucet: mints `amount` wei to account `name` (created if new). */
  fund(name: string, amount: bigint): Promise<void | undefined> {
    return this.act("accounts", () => {
      if (!/^[\w.-]+$/.test(name)) throw new Error(`account names use letters, digits, "_", "." and "-"`);
      if (amount <= 0n) throw new Error("the amount must be positive");
      this.network.network.fund(accountAddress(name), amount);
      this.accounts.set(name, (this.accounts.get(name) ?? 0n) + amount);
    });
  }

  private readonly resolve = (name: string): Address | undefined => {
    if (this.accounts.has(name)) return accountAddress(name);
    const c = this.contracts.find((x) => x.label === name);
    if (c) return c.address;
    if (this.setup.validators.some((v) => v.id === name)) return validatorAddress(name);
    return undefined;
  };

  private contract(label: string): Deployed {
    const c = this.contracts.find((x) => x.label === label);
    if (!c) throw new Error(`no deployed contract ${label}`);
    return c;
  }

  // ---- transactions ----

  deploy(path: string, args: JsonValue[] = [], kwargs: Record<string, JsonValue> = {}, opts: TxOptions = {}): Promise<string | undefined> {
    return this.act("deploy", async () => {
      const code = this.fileText(path);
      const res = await this.network.schema(code);
      if (!res.ok) throw new Error(res.line !== undefined ? `line ${res.line}: ${res.message}` : res.message);
      const schema = readContractSchema(res.schema);
      const conv = convertArgs(sealedAsAny(schema.ctor, opts.sealed), undefined, args, kwargs, "constructor", this.resolve);
      const from = opts.from ?? this.sender;
      const confidential = confidentialSubmit(schema, opts, (name) => this.accountOf(name).toHex());
      const hash = await this.network.submit({
        kind: "deploy",
        from: this.accountOf(from),
        code,
        calldata: encode(makeCalldataObject(undefined, conv.args, conv.kwargs)),
        value: opts.value ?? 0n,
        mode: opts.mode ?? "strict",
        ...(confidential && { confidential }),
      });
      const sealed = sealedArgsOf(this.network.getTx(hash));
      const base = (path.split("/").pop() ?? "contract").replace(/\.py$/, "").replace(/[^\w.-]/g, "_") || "contract";
      const label = this.unique(base, (l) => this.contracts.some((c) => c.label === l));
      const source = this.sources[base] === undefined || this.sources[base] === code ? base : this.unique(base, (l) => l in this.sources && this.sources[l] !== code);
      this.sources[source] = code;
      this.contracts.push({ label, file: path, code, schema, address: this.network.getTx(hash)!.to, deployTx: hash, source });
      this.txLabels[hash] = label;
      const committee = confidential && opts.confidential ? { confidential: { ...opts.confidential } } : {};
      this.record({ deploy: { contract: source, label, args: publicArgs(args, sealed), ...(Object.keys(kwargs).length > 0 && { kwargs }), from, ...this.txCommon(opts), ...committee, ...(sealed && { sealed }) } });
      this.selectedTx = hash;
      if (!this.stepMode) await this.runOn();
      return hash;
    });
  }

  call(label: string, method: string, args: JsonValue[] = [], kwargs: Record<string, JsonValue> = {}, opts: TxOptions = {}): Promise<string | undefined> {
    return this.act("contract", async () => {
      const c = this.contract(label);
      const m = c.schema.methods[method];
      if (!m) throw new Error(`${label} has no method ${method}`);
      if (m.readonly) throw new Error(`${method} is a view: read it instead`);
      const conv = convertArgs(sealedAsAny(m, opts.sealed), method, args, kwargs, method, this.resolve);
      const from = opts.from ?? this.sender;
      const confidential = confidentialSubmit(c.schema, { sealed: opts.sealed, encryption: opts.encryption }, (name) => this.accountOf(name).toHex());
      const hash = await this.network.submit({
        kind: "call",
        from: this.accountOf(from),
        to: c.address,
        calldata: encode(makeCalldataObject(method, conv.args, conv.kwargs)),
        value: opts.value ?? 0n,
        mode: opts.mode ?? "strict",
        ...(confidential && { confidential }),
      });
      const sealed = sealedArgsOf(this.network.getTx(hash));
      const n = Object.values(this.txLabels).filter((l) => l.startsWith(`${method}#`)).length + 1;
      const txLabel = `${method}#${n}`;
      this.txLabels[hash] = txLabel;
      this.record({ call: { contract: label, method, args: publicArgs(args, sealed), ...(Object.keys(kwargs).length > 0 && { kwargs }), from, label: txLabel, ...this.txCommon(opts), ...(sealed && { sealed }) } });
      this.selectedTx = hash;
      if (!this.stepMode) await this.runOn();
      return hash;
    });
  }

  view(label: string, method: string, args: JsonValue[] = [], kwargs: Record<string, JsonValue> = {}, opts: { from?: string; state?: "accepted" | "finalized" } = {}): Promise<ResultView | undefined> {
    return this.act("contract", async () => {
      const c = this.contract(label);
      const m = c.schema.methods[method];
      if (!m) throw new Error(`${label} has no method ${method}`);
      const conv = convertArgs(m, method, args, kwargs, method, this.resolve);
      const state = opts.state ?? "accepted";
      const at = this.network.network.clock;
      let result: ResultView;
      try {
        const o = await this.network.view({ to: c.address, from: this.accountOf(opts.from ?? this.sender), calldata: encode(makeCalldataObject(method, conv.args, conv.kwargs)), state });
        result = o.kind === "return" ? { ok: true, value: toJsonSafe(o.value as CalldataValue), state, at } : { ok: false, error: describeFailure(o).message, state, at };
      } catch (e) {
        result = { ok: false, error: messageOf(e), state, at };
      }
      this.results = { ...this.results, [`${label}.${method}`]: result };
      const from = opts.from === undefined ? {} : { from: opts.from };
      this.record({ view: { contract: label, method, ...(args.length > 0 && { args }), ...(Object.keys(kwargs).length > 0 && { kwargs }), ...from, ...(state === "finalized" && { state }) } });
      return result;
    });
  }

  /** The contract's storage fields decoded (`#state`, a playground extension), kept in
   * `state.contractStates[label]` with the state root it was read at. Not recorded as a step. */
  readState(label: string): Promise<void | undefined> {
    return this.act("contract", async () => {
      const c = this.contract(label);
      const root = this.network.contractState(c.address)?.stateRoot ?? "";
      const at = this.network.network.clock;
      let view: StateView;
      try {
        const o = await this.network.view({ to: c.address, from: this.accountOf(this.sender), calldata: encode(makeCalldataObject("#state", [], {})), state: "accepted" });
        view = o.kind === "return" && Array.isArray(o.value)
          ? { ok: true, root, at, fields: (o.value as CalldataValue[][]).map(([k, v]) => [String(k), toJsonSafe(v)] as [string, JsonValue]) }
          : { ok: false, root, at, error: o.kind === "return" ? "unexpected state shape" : describeFailure(o).message };
      } catch (e) {
        view = { ok: false, root, at, error: messageOf(e) };
      }
      this.contractStates = { ...this.contractStates, [label]: view };
    });
  }

  /** The current sender, as an auditor named at deploy, opens `field`'s sealed values (re-encrypted
   * to its key); they land in `results["<label>#audit:<field>"]` as {slot: plaintext}. */
  auditOpen(label: string, field: string): Promise<void | undefined> {
    return this.act("contract", async () => {
      const c = this.contract(label);
      const opened = await auditSealedField(this.network, c.address, this.accountOf(this.sender), field, accountPrivateKey(this.sender));
      const at = this.network.network.clock;
      this.results = { ...this.results, [`${label}#audit:${field}`]: { ok: true, value: Object.fromEntries(opened), state: "accepted", at } };
    });
  }

  /** Appeals `hash` (by the current sender unless `by` names an account or validator). */
  appeal(hash: string, by?: string): Promise<void | undefined> {
    return this.act("clock", async () => {
      const who = by ?? this.sender;
      this.network.network.appeal(hash, { by: this.resolve(who) ?? this.accountOf(who) });
      this.record({ appeal: { tx: this.txLabels[hash] ?? hash, by: who, wait: false } });
      if (!this.stepMode) await this.runOn();
    });
  }

  advanceTime(ms: number): Promise<void | undefined> {
    return this.act("clock", async () => {
      this.remember();
      this.network.network.advanceTime(ms);
      this.record({ advance: { ms, wait: false } });
      if (!this.stepMode) await this.runOn();
    });
  }

  // ---- stepping ----

  setStepMode(on: boolean): void {
    this.stepMode = on;
    this.emit();
  }

  toggleBreakpoint(phase: Phase): void {
    if (this.breakpoints.has(phase)) this.breakpoints.delete(phase);
    else this.breakpoints.add(phase);
    this.emit();
  }

  /** Runs one phase. */
  step(): Promise<void | undefined> {
    return this.act("stepper", async () => {
      if (!this.network.network.peek()) throw new Error("nothing to run: submit a transaction or advance the clock");
      this.notices = [];
      await this.stepNetwork();
      this.markIdle();
    });
  }

  /** Runs phases until idle, a breakpoint, or `pause()`. */
  continue(): Promise<void | undefined> {
    return this.act("stepper", () => this.runOn());
  }

  pause(): void {
    this.pauseRequested = true;
  }

  /** Undoes the last phase (or clock move). */
  back(): Promise<void | undefined> {
    return this.act("stepper", () => {
      const h = this.history.pop();
      if (!h) throw new Error("nothing to step back to");
      this.network.network.restore(h.snapshot);
      this.rewindRecording(h.recorded);
      this.steps.length = Math.min(this.steps.length, h.steps);
      if (this.steps.length > 0 && "run" in this.steps[this.steps.length - 1] && this.network.network.peek()) this.steps.pop();
    });
  }

  private async runOn(): Promise<void> {
    this.pauseRequested = false;
    this.notices = [];
    const net = this.network.network;
    for (let first = true; ; first = false) {
      const next = net.peek();
      if (!next || this.pauseRequested || (!first && this.breakpoints.has(next.phase))) break;
      await this.stepNetwork();
      this.emit();
    }
    this.markIdle();
  }

  private markIdle(): void {
    if (!this.network.network.peek() && needsRun(this.steps)) this.steps.push({ run: {} });
  }

  selectTx(hash: string | null): void {
    this.selectedTx = hash;
    this.emit();
  }

  // ---- helpers ----

  private accountOf(name: string): Address {
    if (!this.accounts.has(name)) throw new Error(`no account ${name}`);
    return accountAddress(name);
  }

  private txCommon(opts: TxOptions) {
    return { ...(opts.value && { value: opts.value.toString() }), ...(opts.mode === "fast" && { mode: "fast" as const }), wait: false };
  }

  private unique(base: string, taken: (l: string) => boolean): string {
    if (!taken(base)) return base;
    for (let i = 2; ; i++) if (!taken(`${base}_${i}`)) return `${base}_${i}`;
  }

  private record(step: Step): void {
    this.steps.push(step);
  }

  /** The session's setup and steps so far as a scenario (version 1). */
  toScenario(name?: string): Scenario {
    return this.scenarioDoc(name);
  }

  async dispose(): Promise<void> {
    for (const d of this.detach) d();
    await this.net?.dispose?.();
    this.net = null;
  }


}

/** Settings as the scenario format accepts them (same bounds as `network.confidential`); unset keys dropped. */
function confidentialSettings(c: ConfidentialSettings, validators: number): ConfidentialSettings {
  const out = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ConfidentialSettings;
  if (out.feeMultiplier !== undefined && !(Number.isInteger(out.feeMultiplier) && out.feeMultiplier >= 1 && out.feeMultiplier <= 100))
    throw new Error("the confidential fee multiplier must be a whole number from 1 to 100");
  if (out.committeeSize !== undefined && !(Number.isInteger(out.committeeSize) && out.committeeSize >= 1 && out.committeeSize <= validators))
    throw new Error(`the default committee size must be a whole number from 1 to ${validators} (the validators)`);
  for (const k of ["epochLengthBlocks", "registrationEpochs"] as const)
    if (out[k] !== undefined && !(Number.isInteger(out[k]) && out[k]! >= 1)) throw new Error(`${k} must be a whole number of at least 1`);
  return out;
}
