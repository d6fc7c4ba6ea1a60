/**
 * Runs a parsed scenario on a network built by `createNetwork` and reports every transaction, the
 * final state and each expectation. Bad input found on the way (a missing file, an unknown method,
 * a wrong argument type) ends the run with `report.error`; a failed expectation does not.
 */
import { encode, makeCalldataObject, type Address } from "../calldata";
import type { NetworkEvent } from "../consensus/events";
import { describeFailure } from "../runtime/errors";
import { convertArgs, type NameResolver, type ParamsSchema } from "./args";
import { validatorAddress, accountAddress } from "./accounts";
import { checkExpect, checkTx, checkView, stepTitle, type ViewResult } from "./expectations";
import { defaultAccount, stepAction, stepKind, type JsonValue, type Scenario, type SealedArgs, type Step } from "./format";
import { sealedAsAny, sealedData } from "../session/confidential-steps";
import { networkSpec, type CreateNetwork, type NetworkSpec, type ScenarioNetwork } from "./network";
import { methodOf, prepareScenario, ScenarioError, type LoadSource, type PreparedScenario } from "./prepare";
import { checksum, countEvents, txReport, type ContractReport, type ScenarioReport, type StepReport } from "./report";
import { toJsonSafe } from "./values";

export interface RunOptions {
  createNetwork: CreateNetwork;
  /** Reads a contract file named by the scenario (the CLI resolves it next to the scenario file). */
  loadSource: LoadSource;
  /** Every network event, as it happens; `names` maps an address to its account, validator or
   * contract name (contracts once their deploy was submitted). */
  onEvent?: (event: NetworkEvent, names: (address: string) => string | undefined) => void;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioReport> {
  const spec = networkSpec(scenario);
  const report: ScenarioReport = {
    version: 1,
    name: scenario.name,
    seed: scenario.seed,
    ok: false,
    steps: [],
    transactions: [],
    contracts: [],
    accounts: [],
    validators: [],
    events: { count: 0, byType: {} },
    expectations: [],
  };
  let net: ScenarioNetwork;
  try {
    net = await options.createNetwork(spec);
  } catch (e) {
    report.error = { step: null, message: `network: ${messageOf(e)}` };
    return report;
  }
  const events: NetworkEvent[] = [];
  const run = new Run(scenario, spec, net, report);
  const unsubscribe = net.subscribe((e) => {
    events.push(e);
    options.onEvent?.(e, run.nameOf);
  });
  try {
    const prepared = await prepareScenario(scenario, net, options.loadSource, run.fixedResolver);
    for (const [i, step] of scenario.steps.entries()) {
      try {
        await run.step(i, step, prepared);
      } catch (e) {
        if (e instanceof ScenarioError) throw e;
        throw new ScenarioError(`steps[${i}].${stepKind(step)}: ${messageOf(e)}`, i);
      }
    }
    await run.finish(prepared);
  } catch (e) {
    report.error = e instanceof ScenarioError ? { step: e.step, message: e.message } : { step: null, message: messageOf(e) };
    run.finishState();
  } finally {
    unsubscribe();
    await net.dispose?.();
  }
  report.events = countEvents(events);
  report.ok = report.error === undefined && report.expectations.every((x) => x.ok);
  return report;
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

interface Deployed {
  label: string;
  address: Address;
  source: string;
  schemaViews: Map<string, ParamsSchema & { readonly: boolean }>;
}

class Run {
  private readonly contracts = new Map<string, Deployed>();
  /** Tx label → hash. */
  private readonly txs = new Map<string, string>();
  private readonly txOrigin = new Map<string, { label?: string; step: number }>();
  private readonly validatorIds = new Set<string>();
  /** Lowercase hex address → account, validator or contract name. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly scenario: Scenario,
    private readonly spec: NetworkSpec,
    private readonly net: ScenarioNetwork,
    private readonly report: ScenarioReport,
  ) {
    for (const v of spec.validators) {
      this.validatorIds.add(v.id);
      this.names.set(v.address.toHex(), v.id);
    }
    for (const a of spec.accounts) this.names.set(a.address.toHex(), a.name);
  }

  readonly nameOf = (address: string): string | undefined => this.names.get(address.toLowerCase());

  /** Accounts and validators (fixed before the run). */
  readonly fixedResolver: NameResolver = (name) => {
    if (Object.hasOwn(this.scenario.accounts, name)) return accountAddress(name);
    if (this.validatorIds.has(name)) return validatorAddress(name);
    return undefined;
  };

  /** Accounts, validators and contracts deployed so far. */
  readonly resolve: NameResolver = (name) => this.fixedResolver(name) ?? this.contracts.get(name)?.address;

  private account(name: string | undefined): Address {
    return accountAddress(name ?? defaultAccount(this.scenario));
  }

  async step(i: number, step: Step, prepared: PreparedScenario): Promise<void> {
    const kind = stepKind(step);
    const path = `steps[${i}].${kind}`;
    const title = stepTitle(step);
    const label = stepAction(step).label;
    const entry: StepReport = { step: i, kind, ...(label !== undefined && { label }) };
    this.report.steps.push(entry);
    const expectations = this.report.expectations;

    if ("deploy" in step || "call" in step) {
      const isDeploy = "deploy" in step;
      const a = isDeploy ? step.deploy : step.call;
      let hash: string;
      if (isDeploy) {
        const src = prepared.deploySources.get(i)!;
        const d = step.deploy;
        const { args, kwargs } = this.convert(sealedAsAny(src.schema.ctor, d.sealed), undefined, a.args, a.kwargs, path, i);
        hash = await this.net.submit({
          kind: "deploy",
          from: this.account(a.from),
          code: src.code,
          calldata: encode(makeCalldataObject(undefined, args, kwargs)),
          value: BigInt(a.value ?? "0"),
          mode: a.mode ?? "strict",
          confidential: {
            encryption: "seeded",
            ...(d.confidential && {
              committee: { ...d.confidential, ...(d.confidential.auditors && { auditors: d.confidential.auditors.map((n) => this.account(n).toHex()) }) },
            }),
            ...(d.sealed && { sealed: sealedData(d.sealed) }),
          },
        });
        const tx = this.net.getTx(hash);
        if (!tx) throw new ScenarioError(`${path}: the network lost transaction ${hash}`, i);
        const views = new Map(Object.entries(src.schema.methods).filter(([, m]) => m.readonly));
        this.contracts.set(step.deploy.label, { label: step.deploy.label, address: tx.to, source: src.origin, schemaViews: views });
        this.names.set(tx.to.toHex(), step.deploy.label);
      } else {
        const c = step.call;
        const m = methodOf(prepared, c.contract, c.method, `${path}.method`, "write", i);
        const { args, kwargs } = this.convert(sealedAsAny(m, c.sealed), c.method, c.args, c.kwargs, path, i);
        hash = await this.net.submit({
          kind: "call",
          from: this.account(c.from),
          to: this.contracts.get(c.contract)!.address,
          calldata: encode(makeCalldataObject(c.method, args, kwargs)),
          value: BigInt(c.value ?? "0"),
          mode: c.mode ?? "strict",
          confidential: { encryption: "seeded", ...(c.sealed && { sealed: sealedData(c.sealed) }) },
        });
      }
      entry.tx = hash;
      this.txOrigin.set(hash, { label: a.label, step: i });
      if (a.label !== undefined) this.txs.set(a.label, hash);
      if (a.wait !== false) await this.net.runUntilIdle();
      if (a.expect) expectations.push(...checkTx(i, title, this.net.getTx(hash)!, a.expect, this.resolve));
      return;
    }
    if ("view" in step) {
      const v = step.view;
      const res = await this.view(i, path, v.contract, v.method, v.args, v.kwargs, v.from, v.state, prepared);
      if ("result" in res) entry.result = res.result.json;
      else entry.error = res.error;
      if (v.expect !== undefined || v.expectError !== undefined) expectations.push(checkView(i, title, res, v.expect, v.expectError, this.resolve));
      return;
    }
    if ("appeal" in step) {
      const a = step.appeal;
      const by = a.by === undefined ? this.account(undefined) : this.resolve(a.by)!;
      await this.net.appeal(this.txs.get(a.tx)!, { by, ...(a.bond !== undefined && { bond: BigInt(a.bond) }) });
      if (a.wait !== false) await this.net.runUntilIdle();
      return;
    }
    if ("advance" in step) {
      await this.net.advanceTime(step.advance.ms);
      if (step.advance.wait !== false) await this.net.runUntilIdle();
      return;
    }
    if ("run" in step) {
      await this.net.runUntilIdle();
      return;
    }
    const e = step.expect;
    if ("tx" in e) {
      expectations.push(...checkTx(i, title, this.net.getTx(this.txs.get(e.tx)!)!, e, this.resolve));
    } else if ("view" in e) {
      const res = await this.view(i, path, e.contract, e.view, e.args, e.kwargs, e.from, e.state, prepared);
      expectations.push(checkView(i, title, res, e.equals, undefined, this.resolve));
    } else {
      expectations.push(...checkExpect(i, title, e, { net: this.net, contracts: this.contracts, resolve: this.resolve }));
    }
  }

  private convert(sig: ParamsSchema, method: string | undefined, args: JsonValue[] | undefined, kwargs: Record<string, JsonValue> | undefined, path: string, i: number) {
    try {
      return convertArgs(sig, method, args, kwargs, path, this.resolve);
    } catch (e) {
      throw new ScenarioError(messageOf(e), i);
    }
  }

  private async view(
    i: number,
    path: string,
    contract: string,
    method: string,
    args: JsonValue[] | undefined,
    kwargs: Record<string, JsonValue> | undefined,
    from: string | undefined,
    state: "accepted" | "finalized" | undefined,
    prepared: PreparedScenario,
  ): Promise<ViewResult> {
    const m = methodOf(prepared, contract, method, path, "view", i);
    const conv = this.convert(m, method, args, kwargs, path, i);
    let outcome;
    try {
      outcome = await this.net.view({
        to: this.contracts.get(contract)!.address,
        from: this.account(from),
        calldata: encode(makeCalldataObject(method, conv.args, conv.kwargs)),
        state: state ?? "accepted",
      });
    } catch (e) {
      return { error: messageOf(e) };
    }
    if (outcome.kind === "return") return { result: { value: outcome.value, json: toJsonSafe(outcome.value) } };
    return { error: describeFailure(outcome).message };
  }

  async finish(prepared: PreparedScenario): Promise<void> {
    this.finishState();
    const views = this.scenario.report?.views ?? [];
    for (const c of this.report.contracts) {
      if (c.stateRoot === null) continue;
      for (const name of views) {
        const m = this.contracts.get(c.label)!.schemaViews.get(name);
        if (!m || m.params.length > 0) continue;
        try {
          const res = await this.view(-1, `report.views`, c.label, name, [], {}, undefined, "accepted", prepared);
          c.views[name] = "result" in res ? { result: res.result.json } : { error: res.error };
        } catch (e) {
          c.views[name] = { error: messageOf(e) };
        }
      }
    }
  }

  /** Transactions, contracts, accounts and validators as they are now. */
  finishState(): void {
    const r = this.report;
    r.transactions = this.net.transactions().map((tx) => txReport(tx, this.txOrigin.get(tx.hash)));
    r.contracts = [...this.contracts.values()].map((c): ContractReport => {
      const info = this.net.contractState(c.address);
      return { label: c.label, address: checksum(c.address), source: c.source, stateRoot: info?.stateRoot ?? null, balance: (info?.balance ?? 0n).toString(), views: {} };
    });
    r.accounts = this.spec.accounts.map((a) => ({ name: a.name, address: checksum(a.address), balance: this.net.balanceOf(a.address).toString() }));
    const behaviours = new Map(this.spec.validators.map((v) => [v.id, v.behaviour]));
    r.validators = this.net.validatorsState().map((v) => ({
      id: v.id,
      address: checksum(v.address),
      behaviour: behaviours.get(v.id) ?? "honest",
      stake: v.stake.toString(),
      balance: v.balance.toString(),
      reputation: v.reputation,
    }));
  }
}

/** A recorded step's encrypted positions hold `null` in the public arguments: accept any value there. */
