/**
 * Gas: the compute count is the same on every validator for the same execution, limits end an
 * execution with a clear VM error, and LLM tokens are counted separately ("gas for intelligence").
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { DirectRunner } from "./direct-runner";
import { ScriptedProvider } from "./providers/scripted";

const example = (name: string) => readFileSync(new URL(`../../../contracts-examples/${name}`, import.meta.url), "utf8");
const AT = new Address(new Uint8Array(20).fill(0x33));

const runtimeA = createNodeRuntime();
const runtimeB = createNodeRuntime();
afterAll(() => {
  runtimeA.terminate();
  runtimeB.terminate();
});

const WORK = `# { "Depends": "py-genlayer:test" }
from genlayer import *

class Work(gl.Contract):
    total: u64

    def __init__(self):
        pass

    @gl.public.write
    def crunch(self, n: int) -> int:
        acc = 0
        for i in range(n):
            acc += i * i % 7
        self.total = acc
        return acc
`;

describe("compute gas", () => {
  it("is identical on two validators and grows with the work", async () => {
    const a = new DirectRunner({ runtime: runtimeA });
    const b = new DirectRunner({ runtime: runtimeB });
    await a.deploy(AT, WORK);
    await b.deploy(AT, WORK);
    // warm A with unrelated executions first: counts must not depend on history
    await a.call(AT, "crunch", [5]);
    await a.call(AT, "crunch", [17]);
    const small = await a.call(AT, "crunch", [100]);
    const onB = await b.call(AT, "crunch", [100]);
    const big = await a.call(AT, "crunch", [1000]);
    expect(small.gasUsed).toBeGreaterThan(0n);
    expect(onB.gasUsed).toBe(small.gasUsed);
    expect(big.gasUsed - small.gasUsed).toBeGreaterThanOrEqual(900n); // at least one unit per extra iteration
  });

  it("a limit below the need ends the call with an out-of-gas VM error", async () => {
    const a = new DirectRunner({ runtime: runtimeA });
    await a.deploy(AT, WORK);
    const needed = (await a.call(AT, "crunch", [2000])).gasUsed;
    const short = await a.call(AT, "crunch", [2000], {}, { gasLimit: needed / 2n });
    expect(short.outcome).toMatchObject({ kind: "vm_error", message: expect.stringMatching(/gas/) });
    const enough = await a.call(AT, "crunch", [2000], {}, { gasLimit: needed });
    expect(enough.outcome.kind).toBe("return");
  });
});

describe("intelligence gas", () => {
  const rules = { prompts: [{ match: "Adventurer", answer: { reasoning: "no", give_coin: false } }] };

  it("counts prompt and answer tokens", async () => {
    const r = new DirectRunner({ runtime: runtimeA, provider: new ScriptedProvider(rules) });
    await r.deploy(AT, example("wizard_of_coin.py"), [true]);
    const res = await r.call(AT, "ask_for_coin", ["please"]);
    expect(res.outcome.kind).toBe("return");
    expect(res.llmTokens).toBeGreaterThan(50);
  });

  it("a token limit ends the call with a clear VM error the contract cannot catch", async () => {
    const r = new DirectRunner({ runtime: runtimeA, provider: new ScriptedProvider(rules) });
    await r.deploy(AT, example("wizard_of_coin.py"), [true]);
    const res = await r.call(AT, "ask_for_coin", ["please"], {}, { llmTokenLimit: 20 });
    expect(res.outcome).toMatchObject({ kind: "vm_error", message: "out of intelligence gas" });
  });
});
