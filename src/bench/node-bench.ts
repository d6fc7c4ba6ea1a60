/**
 * The Node figures of `npm run bench` (issue 9): deterministic transactions through consensus
 * (latency and throughput, Strict and Fast), the consensus overhead ratio against one raw warm
 * execution measured in the same run, LLM-path transactions with scripted answers, appeal rounds
 * with many validators, and the confidential path (per-transaction crypto, DKG). Benchmarks print
 * figures; nothing here is a test.
 */
import { readFileSync } from "node:fs";
import { Address, encode, makeCalldataObject, type EncodableValue } from "../core/calldata";
import { encryptCallArgs } from "../core/confidential/client";
import { collectShares, formCommittee, makeEnclaves, SLOTS, txFields, CHAIN_ID, CONTRACT, SENDER } from "../core/confidential/enclave/enclave-test-fixtures";
import { DirectRunner } from "../core/runtime/direct-runner";
import { accountAddress } from "../core/scenario/accounts";
import type { EngineNetwork } from "../core/scenario/engine-network";
import { networkSpec } from "../core/scenario/network";
import { parseScenario } from "../core/scenario/parse";
import { createPyodideNetwork } from "../../workers/node/pyodide-network";
import { createNodeRuntime } from "../../workers/node/node-runtime";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

const STORAGE = readFileSync(new URL("../../contracts-examples/storage.py", import.meta.url), "utf8");
const LLM = `
from genlayer import *

class Judge(gl.Contract):
    verdict: str

    def __init__(self):
        self.verdict = ""

    @gl.public.write
    def comparative(self) -> None:
        def ask() -> str:
            return gl.nondet.exec_prompt("Is the sky blue? Answer yes or no.")
        self.verdict = gl.eq_principle.prompt_comparative(ask, "the same answer")

    @gl.public.write
    def non_comparative(self) -> None:
        self.verdict = gl.eq_principle.prompt_non_comparative(lambda: "The sky is blue.", task="Summarize", criteria="short")
`;

export const now = () => performance.now();
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

const alice = accountAddress("alice");
const cd = (method: string | undefined, args: EncodableValue[] = []) => encode(makeCalldataObject(method, args, {}));

function network(validators: number, perTx: number, extra: Record<string, unknown> = {}): EngineNetwork {
  const parsed = parseScenario({
    version: 1, name: "bench", seed: "bench",
    network: { validators: { count: validators }, consensus: { validatorsPerTx: perTx, finalityWindowMs: 0, ...extra }, runtimes: 2 },
    accounts: { alice: "1000000000000000000000000" },
    llm: { prompts: [{ match: "sky", answer: "yes" }] },
    steps: [],
  });
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  return createPyodideNetwork(networkSpec(parsed.scenario));
}

async function deploy(net: EngineNetwork, code: string, args: EncodableValue[]): Promise<Address> {
  const hash = await net.submit({ kind: "deploy", from: alice, code, calldata: cd(undefined, args), value: 0n, mode: "strict" });
  await net.runUntilIdle();
  return net.getTx(hash)!.to;
}

/** Submit → FINALIZED for `n` storage writes, one after another (finality window 0). */
async function txLatencies(net: EngineNetwork, to: Address, n: number, mode: "strict" | "fast", method = "update_storage", args: EncodableValue[] = ["x"]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const hash = await net.submit({ kind: "call", from: alice, to, calldata: cd(method, args), value: 0n, mode });
    await net.runUntilIdle();
    await net.advanceTime(1);
    await net.runUntilIdle();
    if (net.getTx(hash)!.status !== "FINALIZED") throw new Error(`tx ${i} ended ${net.getTx(hash)!.status}`);
    out.push(now() - t0);
  }
  return out;
}

export async function deterministicFigures(count: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const net = network(5, 5);
  try {
    const to = await deploy(net, STORAGE, ["start"]);
    await txLatencies(net, to, 10, "strict"); // warm-up
    const strict = await txLatencies(net, to, count, "strict");
    const fast = await txLatencies(net, to, Math.max(50, Math.floor(count / 4)), "fast");
    const total = strict.reduce((a, b) => a + b, 0);
    figures.push(
      { name: "deterministic tx p50 (5 validators, strict)", value: quantile(strict, 0.5), unit: "ms", target: "≤ 25 ms" },
      { name: "deterministic tx p95 (5 validators, strict)", value: quantile(strict, 0.95), unit: "ms" },
      { name: `throughput, strict (${count} txs in sequence)`, value: (count / total) * 1000, unit: "tx/s", target: "≥ 200 tx/s" },
      { name: "throughput, fast", value: (fast.length / fast.reduce((a, b) => a + b, 0)) * 1000, unit: "tx/s", target: "≥ 1,000 tx/s" },
    );
    // One raw execution of the same method in one warm interpreter, same run.
    const runtime = createNodeRuntime();
    try {
      const runner = new DirectRunner({ runtime });
      const addr = Address.fromHex("0x" + "77".repeat(20));
      await runner.deploy(addr, STORAGE, ["start"]);
      for (let i = 0; i < 10; i++) await runner.call(addr, "update_storage", ["x"]);
      const raw: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = now();
        await runner.call(addr, "update_storage", ["x"]);
        raw.push(now() - t0);
      }
      const rawP50 = quantile(raw, 0.5);
      figures.push(
        { name: "raw execution p50 (one warm interpreter)", value: rawP50, unit: "ms" },
        { name: "consensus overhead ratio (strict p50 / raw p50)", value: quantile(strict, 0.5) / rawP50, unit: "×", target: "≤ 3 (floor ≈ 2.5 with 5 executions on 2 cores)" },
      );
    } finally {
      runtime.terminate();
    }
  } finally {
    await net.dispose?.();
  }
  return figures;
}

export async function llmFigures(count: number): Promise<Figure[]> {
  const net = network(5, 5);
  try {
    const to = await deploy(net, LLM, []);
    await txLatencies(net, to, 3, "strict", "comparative", []);
    const comparative = await txLatencies(net, to, count, "strict", "comparative", []);
    const nonComparative = await txLatencies(net, to, count, "strict", "non_comparative", []);
    return [
      { name: "LLM-path tx p50, comparative (scripted answers)", value: quantile(comparative, 0.5), unit: "ms" },
      { name: "LLM-path tx p50, non-comparative (scripted answers)", value: quantile(nonComparative, 0.5), unit: "ms" },
    ];
  } finally {
    await net.dispose?.();
  }
}

export async function appealFigures(sizes: number[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of sizes) {
    const net = network(size, 5, { finalityWindowMs: 60_000 });
    try {
      const to = await deploy(net, STORAGE, ["start"]);
      const hash = await net.submit({ kind: "call", from: alice, to, calldata: cd("update_storage", ["x"]), value: 0n, mode: "strict" });
      await net.runUntilIdle();
      const t0 = now();
      await net.appeal(hash, { by: alice });
      await net.runUntilIdle();
      figures.push({ name: `appeal round, ${size} validators`, value: now() - t0, unit: "ms", note: `${net.getTx(hash)!.rounds.at(-1)!.validators.length} validators in the appeal round` });
    } finally {
      await net.dispose?.();
    }
  }
  return figures;
}

/** CPU milliseconds (user + system) of this process since `since`: steadier than wall time on a shared machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Encrypt, decryption shares with proofs from every member, verify and combine: one transaction's crypto. */
export async function confidentialFigures(committees: [number, number][], dkgSizes: number[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [n, t] of committees) {
    const enclaves = makeEnclaves(n, `bench-${n}`);
    const { record } = await formCommittee(enclaves, t);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 20; i++) {
      const c0 = process.cpuUsage();
      const t0 = now();
      const tx = txFields({ senderNonce: BigInt(i), method: "place_bid", txHash: "0x" + i.toString(16).padStart(64, "0") });
      const { confidential } = encryptCallArgs({ committee: record, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce: BigInt(i), slots: SLOTS, args: [1000n, "memo", "sealed note"] });
      const executing = enclaves[0]!;
      const shares = collectShares(enclaves, executing, record, tx, confidential);
      const opened = executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...shares });
      if (!opened.ok) throw new Error(opened.message);
      times.push(now() - t0);
      cpu.push(cpuMs(c0));
    }
    figures.push({
      name: `confidential tx crypto p50, n=${n} t=${t} (encrypt, ${n} shares with proofs, verify, combine, state key)`, value: quantile(times, 0.5), unit: "ms",
      target: n === 5 ? "≤ 15 ms" : undefined, note: `CPU p50 ${quantile(cpu, 0.5).toFixed(1)} ms; first tx ${times[0]!.toFixed(1)} ms (tables and caches cold)`,
    });
  }
  for (const n of dkgSizes) {
    const enclaves = makeEnclaves(n, `bench-dkg-${n}`);
    const c0 = process.cpuUsage();
    const t0 = now();
    await formCommittee(enclaves, Math.ceil((2 * n) / 3));
    figures.push({
      name: `DKG between ${n} enclaves (both keys, in one process)`, value: now() - t0, unit: "ms", target: n === 64 ? "≤ 10 s" : undefined,
      note: `CPU ${cpuMs(c0).toFixed(0)} ms`,
    });
  }
  return figures;
}
