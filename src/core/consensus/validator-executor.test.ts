/** Validators' executions through the real Pyodide runtime, with each behaviour. */
import { afterAll, describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { ScriptedProvider } from "../runtime/providers/scripted";
import { RuntimePool } from "../runtime/runtime-pool";
import { DEFAULT_SETTINGS, type ValidatorBehaviour, type ValidatorConfig } from "./types";
import { PyodideValidatorExecutor } from "./validator-executor";
import { wizardCall } from "./testing/wizard-call";


const runtime = createNodeRuntime();
const pool = new RuntimePool([runtime]);
afterAll(() => pool.terminate());

const keep = { prompts: [{ match: "Adventurer", answer: { reasoning: "no", give_coin: false } }] };
const give = { prompts: [{ match: "Adventurer", answer: { reasoning: "yes", give_coin: true } }] };

function validator(id: string, behaviour: ValidatorBehaviour = "honest"): ValidatorConfig {
  return { id, address: new Address(new Uint8Array(20).fill(id.charCodeAt(1))), stake: 100n, behaviour, llm: { provider: "scripted" } };
}

const executor = new PyodideValidatorExecutor({
  pool,
  settings: DEFAULT_SETTINGS,
  providerFor: (v) => new ScriptedProvider(v.id === "v9" ? give : keep),
});

const setup = () => wizardCall(runtime);

describe("validator executor", () => {
  it("an honest validator agrees with an honest leader", async () => {
    const { ctx, tx } = await setup();
    const leader = await executor.lead(validator("v1"), tx, ctx);
    expect(leader.outcome.kind).toBe("return");
    expect(leader.nondet).toHaveLength(1);
    const verdict = await executor.validate(validator("v2"), tx, leader, ctx);
    expect(verdict.vote).toBe("agree");
    expect(verdict.receipt.stateRoot).toBe(leader.stateRoot);
    // each side's prompt and answer are kept for the side-by-side view
    expect(leader.hostCalls?.map((c) => c.request)).toEqual(["ExecPrompt"]);
    expect(verdict.receipt.hostCalls?.map((c) => c.request)).toEqual(["ExecPrompt"]);
  });

  it("a validator whose LLM answers differently disagrees", async () => {
    const { ctx, tx } = await setup();
    const leader = await executor.lead(validator("v1"), tx, ctx);
    const verdict = await executor.validate(validator("v9"), tx, leader, ctx);
    expect(verdict.vote).toBe("disagree");
    expect(verdict.reason).toMatch(/non-deterministic/);
  });

  it("honest validators catch a malicious leader's tampered result", async () => {
    const { ctx, tx } = await setup();
    const leader = await executor.lead(validator("v1", "malicious_leader"), tx, ctx);
    expect(leader.outcome).toMatchObject({ kind: "return", value: "tampered by a malicious leader" });
    const verdict = await executor.validate(validator("v2"), tx, leader, ctx);
    expect(verdict.vote).toBe("deterministic_violation");
  });

  it("offline validators time out, always-disagree ones disagree, slow ones take longer", async () => {
    const { ctx, tx } = await setup();
    const offlineLeader = await executor.lead(validator("v1", "offline"), tx, ctx);
    expect(offlineLeader.outcome).toMatchObject({ kind: "vm_error", message: "timeout" });
    const leader = await executor.lead(validator("v1"), tx, ctx);
    expect((await executor.validate(validator("v3", "offline"), tx, leader, ctx)).vote).toBe("timeout");
    expect((await executor.validate(validator("v4", "always_disagree"), tx, leader, ctx)).vote).toBe("disagree");
    const slow = await executor.validate(validator("v5", "slow"), tx, leader, ctx);
    expect(slow.vote).toBe("agree");
    expect(slow.receipt.durationMs).toBeGreaterThan(leader.durationMs * 10);
  });

  it("durations and votes are the same on every run", async () => {
    const { ctx, tx } = await setup();
    const a = await executor.lead(validator("v1"), tx, ctx);
    const b = await executor.lead(validator("v1"), tx, ctx);
    expect([a.durationMs, a.gasUsed, a.stateRoot]).toEqual([b.durationMs, b.gasUsed, b.stateRoot]);
  });

  it("a flaky LLM fails on some transactions, deterministically", async () => {
    const { ctx, tx } = await setup();
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await executor.lead(validator("v6", "flaky_llm"), { ...tx, hash: `0x0${i}` }, ctx);
      outcomes.push(r.outcome.kind);
    }
    const again: string[] = [];
    for (let i = 0; i < 6; i++) again.push((await executor.lead(validator("v6", "flaky_llm"), { ...tx, hash: `0x0${i}` }, ctx)).outcome.kind);
    expect(again).toEqual(outcomes);
    expect(outcomes).toContain("return");
    expect(outcomes.some((k) => k !== "return")).toBe(true);
  });
});
