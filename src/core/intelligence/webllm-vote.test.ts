/**
 * A real execution (Pyodide, the wizard contract) with WebLLM validators on an engine double: a
 * loaded model lets the leader decide; a validator whose model is not loaded votes disagree with
 * the one-line reason, and a leader in that state fails with it (no transaction waits forever).
 */
import { wizardCall } from "../consensus/testing/wizard-call";
import { afterAll, describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { DEFAULT_SETTINGS, type ValidatorConfig } from "../consensus/types";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { RuntimePool } from "../runtime/runtime-pool";
import { ChatModelProvider } from "./chat-provider";
import { parseModelRef } from "./webllm-catalog";
import { WebLlmChatModel, type WebLlmEngine } from "./webllm-model";
import { WebLlmStore } from "./webllm-state";

const LOADED = "SmolLM2-360M-Instruct-q4f32_1-MLC";
const NOT_LOADED = "Qwen2.5-0.5B-Instruct-q4f32_1-MLC";

const store = new WebLlmStore();
store.startLoading(LOADED);
store.loaded(LOADED, 1);
const engine: WebLlmEngine = {
  state: (key) => store.model(key),
  whenLoaded: async () => undefined,
  complete: async () => ({ text: '{"reasoning": "a wizard never gives the coin", "give_coin": false}', usage: { promptTokens: 90, completionTokens: 12 } }),
};

const runtime = createNodeRuntime();
const pool = new RuntimePool([runtime]);
afterAll(() => pool.terminate());

function validator(id: string, model: string): ValidatorConfig {
  return { id, address: new Address(new Uint8Array(20).fill(id.charCodeAt(1))), stake: 100n, behaviour: "honest", llm: { provider: "webllm", model, seed: 7 } };
}

describe("WebLLM validators in a real execution", () => {
  it("a model that is not loaded becomes the validator's disagreement with a one-line reason", async () => {
    const executor = new PyodideValidatorExecutor({
      pool,
      settings: DEFAULT_SETTINGS,
      providerFor: (v) => new ChatModelProvider(new WebLlmChatModel(engine, parseModelRef(v.llm.model)), { seed: v.llm.seed }),
    });
    const { ctx, tx } = await wizardCall(runtime);

    const leader = await executor.lead(validator("v1", LOADED), tx, ctx);
    expect(leader.outcome.kind).toBe("return");
    expect(leader.llmTokens).toBe(102);
    expect((await executor.validate(validator("v2", LOADED), tx, leader, ctx)).vote).toBe("agree");

    const expected = `webllm ${NOT_LOADED} is not loaded: press Load in the validator's LLM settings`;
    const failing = await executor.validate(validator("v3", NOT_LOADED), tx, leader, ctx);
    expect(failing.vote).toBe("disagree");
    expect(failing.reason).toContain(expected);
    expect(failing.reason).not.toMatch(/\n/);

    const failedLeader = await executor.lead(validator("v4", NOT_LOADED), tx, ctx);
    expect(failedLeader.outcome.kind).not.toBe("return");
    expect(JSON.stringify(failedLeader.outcome)).toContain(expected);
  });
});
