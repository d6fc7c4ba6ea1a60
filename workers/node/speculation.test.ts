/**
 * Validators started beside the leader (src/core/consensus/speculation.ts): the same transactions
 * on two networks, one with speculative validators and one without, give identical event logs,
 * receipts and state; the speculative results are used for deterministic transactions and thrown
 * away where the leader had non-deterministic results or the run needed the host.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Address, encode, type EncodableValue } from "../../src/core/calldata";
import { Network } from "../../src/core/consensus/engine";
import { makeValidators } from "../../src/core/consensus/fake-executor";
import { PyodideValidatorExecutor } from "../../src/core/consensus/validator-executor";
import { DEFAULT_SETTINGS } from "../../src/core/consensus/types";
import { ScriptedProvider } from "../../src/core/runtime/providers/scripted";
import type { ExecutionResult } from "../../src/core/runtime/execution-types";
import { createNodePool } from "./node-runtime";

const STORAGE = readFileSync(new URL("../../contracts-examples/storage.py", import.meta.url), "utf8");
// Non-deterministic, but nothing in the text says so: speculation starts and must be thrown away.
const HIDDEN_NONDET = `
from genlayer import *

class Hidden(gl.Contract):
    answer: str

    def __init__(self):
        self.answer = ""

    @gl.public.write
    def ask(self) -> None:
        blocks = getattr(gl, "eq_" + "principle")
        llm = getattr(gl, "non" + "det")
        self.answer = blocks.strict_eq(lambda: getattr(llm, "exec_" + "prompt")("Is the sky blue?"))
`;
// Reads another contract: the run needs the host, so its speculative result is not used.
const READER = `
from genlayer import *

class Reader(gl.Contract):
    seen: str

    def __init__(self):
        self.seen = ""

    @gl.public.write
    def read(self, other: str) -> None:
        self.seen = gl.get_contract_at(Address(other)).view().get_storage()
`;

const ALICE = Address.fromHex("0x" + "a1".repeat(20));
const pool = createNodePool(2);
afterAll(() => pool.terminate());

const cd = (method: string | undefined, args: EncodableValue[] = []) => encode(method ? { method, args } : { args });

class CountingExecutor extends PyodideValidatorExecutor {
  validatorRuns = 0;
}

function build(speculate: boolean) {
  const validators = makeValidators(5, { behaviours: { v3: "always_disagree" } });
  const settings = { ...DEFAULT_SETTINGS, validatorsPerTx: 5, finalityWindowMs: 0 };
  const provider = new ScriptedProvider({ prompts: [{ match: "sky", answer: "yes" }] });
  const executor = new CountingExecutor({ pool, settings, providerFor: () => provider, speculate });
  const net = new Network({ validators, settings, executor, seed: "speculation" });
  net.fund(ALICE, 10n ** 24n);
  return { net, executor };
}

async function runAll(net: Network): Promise<Record<string, string>> {
  const txs: Record<string, string> = {};
  const wait = async (label: string, hash: string) => {
    await net.runUntilIdle();
    net.advanceTime(1);
    await net.runUntilIdle();
    txs[label] = hash;
  };
  const deploy = async (label: string, code: string, args: EncodableValue[] = []) => {
    await wait(label, net.submit({ kind: "deploy", from: ALICE, code, calldata: cd(undefined, args) }));
    return net.getTx(txs[label])!.to;
  };
  const storage = await deploy("deploy storage", STORAGE, ["start"]);
  for (let i = 0; i < 3; i++) await wait(`update ${i}`, net.submit({ kind: "call", from: ALICE, to: storage, calldata: cd("update_storage", [`v${i}`]) }));
  const hidden = await deploy("deploy hidden", HIDDEN_NONDET);
  await wait("ask", net.submit({ kind: "call", from: ALICE, to: hidden, calldata: cd("ask") }));
  const reader = await deploy("deploy reader", READER);
  await wait("read", net.submit({ kind: "call", from: ALICE, to: reader, calldata: cd("read", [storage.toHex()]) }));
  return txs;
}

/** Everything a run reports, durations included (they are virtual, from gas and host calls). */
function transcript(net: Network): string {
  return json(net.events);
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Array.from(v) : v instanceof Map ? [...v] : v));
}

describe("validators started beside the leader", () => {
  it("give the same events, receipts and state as validators started after it, and are used only when valid", async () => {
    const plain = build(false);
    const ahead = build(true);
    const taken: string[] = [];
    const speculation = (ahead.executor as unknown as { speculation: { take: (...a: unknown[]) => Promise<ExecutionResult | null> } }).speculation;
    const take = speculation.take.bind(speculation);
    speculation.take = async (...a: unknown[]) => {
      const res = await take(...a);
      taken.push(`${(a[0] as { hash: string }).hash}:${res ? "used" : "rerun"}`);
      return res;
    };

    const plainTxs = await runAll(plain.net);
    const aheadTxs = await runAll(ahead.net);
    expect(aheadTxs).toEqual(plainTxs);
    for (const [label, hash] of Object.entries(plainTxs)) {
      expect(ahead.net.getTx(hash)!.status, label).toBe("FINALIZED");
      expect(ahead.net.getTx(hash)!.rounds.map((r) => r.votes.map((v) => v.vote)), label).toEqual(plain.net.getTx(hash)!.rounds.map((r) => r.votes.map((v) => v.vote)));
    }
    expect(transcript(ahead.net)).toBe(transcript(plain.net));
    const storageAddr = ahead.net.getTx(aheadTxs["deploy storage"])!.to;
    expect(ahead.net.contractState(storageAddr)).toEqual(plain.net.contractState(storageAddr));

    const verdicts = (label: string) => taken.filter((t) => t.startsWith(aheadTxs[label] + ":")).map((t) => t.split(":")[1]);
    // four validators each time (v3 always disagrees but still executes)
    expect(verdicts("update 1")).toEqual(["used", "used", "used", "used"]);
    expect(verdicts("ask")).toEqual(["rerun", "rerun", "rerun", "rerun"]);
    expect(verdicts("read")).toEqual(["rerun", "rerun", "rerun", "rerun"]);
    // the non-deterministic transaction still reached its answer through the provider
    const hidden = ahead.net.getTx(aheadTxs["deploy hidden"])!.to;
    expect(json(ahead.net.contractState(hidden))).toBe(json(plain.net.contractState(hidden)));
  }, 240_000);
});
