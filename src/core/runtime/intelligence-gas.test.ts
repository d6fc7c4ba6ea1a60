/**
 * Intelligence gas: a contract that keeps calling the LLM is stopped by the per-execution token
 * limit (prompt + answer tokens, `countTokens`), at exactly the call that crosses it, even when it
 * catches every exception; the transaction fails with one clear error and changes nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Address } from "../calldata";
import type { Receipt } from "../consensus/types";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { createEngineNetwork } from "../scenario/engine-network";
import { parseScenario } from "../scenario/parse";
import { runScenario } from "../scenario/runner";
import { createNodePool, createNodeRuntime } from "../../../workers/node/node-runtime";
import { DirectRunner } from "./direct-runner";
import { countTokens } from "./intelligence";
import { ScriptedProvider } from "./providers/scripted";

const CHATTY = `# { "Depends": "py-genlayer:test" }
from genlayer import *

class Chatty(gl.Contract):
    rounds: u32

    def __init__(self):
        pass

    @gl.public.write
    def chat(self, n: int) -> int:
        self.rounds = 999  # must not survive an abort

        def talk() -> int:
            done = 0
            for i in range(n):
                try:
                    gl.nondet.exec_prompt(f"Round {i}: " + "tell me more " * 30)
                except BaseException:
                    pass  # swallowing the abort must not keep the loop talking
                done += 1
            return done

        self.rounds = gl.eq_principle.strict_eq(talk)
        return self.rounds

    @gl.public.view
    def get_rounds(self) -> int:
        return self.rounds
`;
const ANSWER = "Sure, here is more.";
const rules = { prompts: [{ match: "^Round \\d+: ", answer: ANSWER }] };
const promptOf = (i: number) => `Round ${i}: ` + "tell me more ".repeat(30);
const AT = new Address(new Uint8Array(20).fill(0x6a));

/** How many prompts the host receives before `limit` is crossed (the last one is aborted). */
function promptsUntilCrossed(limit: number): number {
  let spent = 0;
  for (let i = 0; ; i++) {
    spent += countTokens(promptOf(i));
    if (spent > limit) return i + 1; // aborted before the LLM answers
    spent += countTokens(ANSWER);
    if (spent > limit) return i + 1; // aborted after the answer
  }
}

const runtime = createNodeRuntime();
afterAll(() => runtime.terminate());

describe("intelligence gas stops an LLM loop", () => {
  it("ends the execution at the call that crosses the limit, uncatchably, with nothing written", async () => {
    const r = new DirectRunner({ runtime, provider: new ScriptedProvider(rules) });
    await r.deploy(AT, CHATTY);
    const limit = 1000;
    const res = await r.call(AT, "chat", [1000], {}, { llmTokenLimit: limit });
    expect(res.outcome).toMatchObject({ kind: "vm_error", message: "out of intelligence gas" });
    const prompts = res.hostCalls.filter((c) => c.request === "ExecPrompt");
    const expected = promptsUntilCrossed(limit);
    expect(expected).toBeGreaterThan(3);
    expect(prompts).toHaveLength(expected); // no call after the abort, although the loop catches everything
    expect(prompts.at(-1)!.answer).toEqual(new Map([["abort", "out of intelligence gas"]]));
    expect(prompts.slice(0, -1).every((c) => c.answer instanceof Map && c.answer.get("ok") === ANSWER)).toBe(true);
    expect(res.llmTokens).toBeGreaterThan(limit);
    expect(res.writes.size).toBe(0);
    expect((await r.view(AT, "get_rounds")).outcome).toMatchObject({ kind: "return", value: 0n });
  });

  it("the same loop completes when its tokens fit under the limit", async () => {
    const r = new DirectRunner({ runtime, provider: new ScriptedProvider(rules) });
    await r.deploy(AT, CHATTY);
    const fits = promptsUntilCrossed(1000) - 1;
    const res = await r.call(AT, "chat", [fits], {}, { llmTokenLimit: 1000 });
    expect(res.outcome).toMatchObject({ kind: "return", value: BigInt(fits) });
    expect(res.llmTokens).toBeLessThanOrEqual(1000);
    expect((await r.view(AT, "get_rounds")).outcome).toMatchObject({ kind: "return", value: BigInt(fits) });
  });
});

describe("intelligence gas in a transaction's receipts", () => {
  it("the leader's receipt carries a one-line 'out of intelligence gas' error and the state is unchanged", async () => {
    const parsed = parseScenario({
      version: 1,
      name: "LLM loop",
      seed: "intelligence-gas",
      network: { validators: { count: 3 }, consensus: { validatorsPerTx: 3, maxRotations: 0 } },
      accounts: { alice: "1000000000000000000" },
      llm: rules,
      contracts: { Chatty: CHATTY },
      steps: [
        { deploy: { contract: "Chatty", label: "chatty", expect: { status: "ACCEPTED" } } },
        { call: { contract: "chatty", method: "chat", args: [1000], label: "loop" } },
        { view: { contract: "chatty", method: "get_rounds", expect: 0 } },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const pool = createNodePool(1);
    const leaderReceipts: Receipt[] = [];
    try {
      const report = await runScenario(parsed.scenario, {
        createNetwork: (spec) => {
          const executor = new PyodideValidatorExecutor({
            pool,
            settings: spec.settings,
            providerFor: (v) => new ScriptedProvider(spec.rules[v.id] ?? {}),
            llmTokenLimit: 1000,
          });
          const lead = executor.lead.bind(executor);
          executor.lead = async (...args) => {
            const receipt = await lead(...args);
            leaderReceipts.push(receipt);
            return receipt;
          };
          return createEngineNetwork(spec, executor);
        },
        loadSource: () => {
          throw new Error("inline sources only");
        },
      });
      expect(report.error).toBeUndefined();
      expect(report.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual([]);
      const loop = report.transactions.find((t) => t.label === "loop")!;
      expect(loop.rounds.length).toBeGreaterThan(0);
      expect(loop.rounds.every((r) => r.leaderOutcome === "vm_error")).toBe(true);
      const loopReceipts = leaderReceipts.slice(1); // [0] is the deploy
      expect(loopReceipts).toHaveLength(loop.rounds.length);
      for (const receipt of loopReceipts) {
        expect(receipt.outcome).toMatchObject({ kind: "vm_error", message: "out of intelligence gas" });
        expect(receipt.llmTokens).toBeGreaterThan(1000);
        expect(receipt.writes.size).toBe(0);
        expect(receipt.hostCalls!.filter((c) => c.request === "ExecPrompt")).toHaveLength(promptsUntilCrossed(1000));
      }
    } finally {
      pool.terminate();
    }
  });
});
