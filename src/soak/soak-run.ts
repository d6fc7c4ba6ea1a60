/**
 * Runs a soak plan on a real network: the consensus engine with Pyodide validators in Node worker
 * threads (`SoakPlan.runtimes` shared workers), faults injected where the plan says. Steps submit
 * transactions, process them, move the virtual clock and appeal; at the end the clock is moved
 * past every finality window until nothing is left to do.
 */
import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { Address, bytesToHex, encode, makeCalldataObject, type EncodableValue } from "../core/calldata";
import { PyodideValidatorExecutor } from "../core/consensus/validator-executor";
import { TX_STATUSES, type TxStatus } from "../core/consensus/types";
import { accountAddress } from "../core/scenario/accounts";
import { createEngineNetwork, type EngineNetwork } from "../core/scenario/engine-network";
import { networkSpec, type NetworkSpec } from "../core/scenario/network";
import { parseScenario } from "../core/scenario/parse";
import { scenarioProvider } from "../core/scenario/pooled-network";
import { createFaultyPool, FaultingExecutor, FaultLog, FaultyProvider } from "./soak-faults";
import { plannedFaults, type FaultEvent, type FaultKind, type PlanArg, type SoakPlan } from "./soak-plan";
import { finalStateRoot } from "./soak-check";

export interface SoakProgress {
  submitted: number;
  total: number;
  elapsedMs: number;
  statuses: Partial<Record<TxStatus, number>>;
}

export interface SoakRunOptions {
  /** Called every `progressEvery` submitted transactions (default 500). */
  onProgress?: (p: SoakProgress) => void;
  progressEvery?: number;
}

export interface SoakResult {
  /** Planned transaction index → hash. */
  hashes: string[];
  /** Every transaction, children included. */
  statuses: Partial<Record<TxStatus, number>>;
  children: number;
  appeals: { submitted: number; skipped: Record<string, number> };
  faultsPlanned: Record<FaultKind, number>;
  faultsFired: Record<FaultKind, number>;
  /** Workers replaced (kills and any other restart). */
  workerRestarts: number;
  /** Extra clock moves needed at the end before everything was final. */
  drainRounds: number;
  finalRoot: string;
  eventDigest: string;
  eventCount: number;
  ms: number;
  /** The network, its workers stopped, for the checks. */
  network: EngineNetwork;
  faults: FaultLog;
}

const EXAMPLES = new URL("../../contracts-examples/", import.meta.url);

function scenarioSpec(plan: SoakPlan): NetworkSpec {
  const parsed = parseScenario({
    version: 1,
    name: "soak",
    seed: plan.seed,
    network: {
      validators: plan.validators.map((v) => ({ id: v.id, behaviour: v.behaviour })),
      consensus: { validatorsPerTx: plan.validatorsPerTx, finalityWindowMs: plan.finalityWindowMs },
      runtimes: plan.runtimes,
    },
    accounts: plan.accounts,
    llm: plan.llm,
    steps: [],
  });
  if (!parsed.ok) throw new Error(`soak plan: ${parsed.errors[0]}`);
  return networkSpec(parsed.scenario);
}

export async function runSoak(plan: SoakPlan, opts: SoakRunOptions = {}): Promise<SoakResult> {
  const started = performance.now();
  const spec = scenarioSpec(plan);
  const planned = new Map<string, FaultEvent[]>();
  const log = new FaultLog((hash) => planned.get(hash));
  const pool = createFaultyPool(spec.runtimes, log);
  const inner = new PyodideValidatorExecutor({ pool, settings: spec.settings, providerFor: (v) => new FaultyProvider(scenarioProvider(spec, v), log) });
  const net = createEngineNetwork(spec, new FaultingExecutor(inner, log), () => pool.terminate());
  const digest = sha256.create();
  let eventCount = 0;
  const utf8 = new TextEncoder();
  net.subscribe((e) => {
    digest.update(utf8.encode(JSON.stringify(e) + "\n"));
    eventCount++;
  });

  const sources = new Map(plan.contracts.map((c) => [c.label, readFileSync(new URL(c.file, EXAMPLES), "utf8")]));
  const deployed = new Map<string, Address>();
  const addressOf = (name: string): Address => deployed.get(name) ?? accountAddress(name);
  const resolve = (a: PlanArg): EncodableValue => {
    if (Array.isArray(a)) return a.map(resolve);
    if (typeof a === "object") return "address" in a ? addressOf(a.address) : addressOf(a.addressText).toChecksum();
    return a;
  };

  const hashes: string[] = [];
  const appeals = { submitted: 0, skipped: {} as Record<string, number> };
  const every = opts.progressEvery ?? 500;
  const total = plan.txs.length;
  try {
    await pool.boot();
    for (const step of plan.steps) {
      switch (step.kind) {
        case "submit": {
          const t = plan.txs[step.tx];
          const calldata = encode(makeCalldataObject(t.method ?? undefined, t.args.map(resolve), {}));
          const from = accountAddress(t.from);
          const hash =
            t.method === null
              ? await net.submit({ kind: "deploy", from, code: sources.get(t.contract)!, calldata, value: 0n, mode: "strict" })
              : await net.submit({ kind: "call", from, to: deployed.get(t.contract)!, calldata, value: 0n, mode: "strict" });
          if (t.method === null) deployed.set(t.contract, net.getTx(hash)!.to);
          if (t.faults.length > 0) planned.set(hash, t.faults);
          hashes[t.index] = hash;
          if (opts.onProgress && hashes.length % every === 0)
            opts.onProgress({ submitted: hashes.length, total, elapsedMs: performance.now() - started, statuses: statusCounts(net) });
          break;
        }
        case "run":
          await net.runUntilIdle();
          break;
        case "advance":
          await net.advanceTime(step.ms);
          await net.runUntilIdle();
          break;
        case "appeal": {
          const hash = hashes[step.tx];
          const blocker = net.network.appealBlocker(hash);
          if (blocker) {
            appeals.skipped[blocker] = (appeals.skipped[blocker] ?? 0) + 1;
          } else {
            await net.appeal(hash, { by: accountAddress(step.by) });
            appeals.submitted++;
          }
          break;
        }
      }
    }
    // Past every finality window, again while something is still open (appeals, children).
    let drainRounds = 0;
    while (drainRounds < 50 && net.transactions().some((t) => t.status !== "FINALIZED" && t.status !== "CANCELED")) {
      await net.advanceTime(plan.finalityWindowMs + 1);
      await net.runUntilIdle();
      drainRounds++;
    }
    const txs = net.transactions();
    const workerRestarts = pool.members.reduce((n, r) => n + r.status.restarts, 0);
    return {
      hashes,
      statuses: statusCounts(net),
      children: txs.filter((t) => t.parent !== null).length,
      appeals,
      faultsPlanned: plannedFaults(plan),
      faultsFired: log.counts(),
      workerRestarts,
      drainRounds,
      finalRoot: finalStateRoot(net, plan),
      eventDigest: "0x" + bytesToHex(digest.digest()),
      eventCount,
      ms: performance.now() - started,
      network: net,
      faults: log,
    };
  } finally {
    await net.dispose?.();
  }
}

function statusCounts(net: EngineNetwork): Partial<Record<TxStatus, number>> {
  const out: Partial<Record<TxStatus, number>> = {};
  for (const t of net.transactions()) out[t.status] = (out[t.status] ?? 0) + 1;
  return Object.fromEntries(TX_STATUSES.filter((s) => out[s]).map((s) => [s, out[s]]));
}
