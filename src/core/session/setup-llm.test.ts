/** Validators' LLM settings in the session: each provider's own checks, changes rebuild the network. */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { createEngineNetwork } from "../scenario/engine-network";
import { storageProgram } from "../scenario/testing/storage-program";
import type { ScenarioValidator } from "../scenario/format";
import { PlaygroundSession } from "./session";
import { checkValidators } from "./setup";

const v = (llm: ScenarioValidator["llm"]): ScenarioValidator => ({ id: "v1", stake: "1000", behaviour: "honest", llm });

describe("validators' LLM providers", () => {
  it("accepts the four providers with what each needs, and says what is missing in one line", () => {
    for (const llm of [
      { provider: "scripted" },
      { provider: "recorded" },
      { provider: "webllm", model: "SmolLM2-360M-Instruct-q4f32_1-MLC", seed: 3, temperature: 0.5, maxTokens: 200 },
      { provider: "openai", baseUrl: "http://localhost:11434/v1", model: "llama3.2" },
    ])
      expect(() => checkValidators([v(llm)])).not.toThrow();
    const cases: [ScenarioValidator["llm"], string][] = [
      [{ provider: "webllm" }, "v1: WebLLM needs a model"],
      [{ provider: "openai", model: "m" }, "v1: an OpenAI-compatible server needs a base URL"],
      [{ provider: "openai", baseUrl: "http://x/v1", model: " " }, "v1: an OpenAI-compatible server needs a model name"],
      [{ provider: "claude" }, 'v1: unknown LLM provider "claude" (expected scripted, webllm, openai or recorded)'],
      [{ provider: "webllm", model: "m", temperature: 3 }, "v1: temperature must be from 0 to 2"],
      [{ provider: "webllm", model: "m", seed: 1.5 }, "v1: the LLM seed must be a whole number"],
      [{ provider: "openai", baseUrl: "http://x/v1", model: "m", maxTokens: 0 }, "v1: max tokens must be a whole number > 0"],
    ];
    for (const [llm, message] of cases) expect(() => checkValidators([v(llm)])).toThrow(message);
  });

  it("a session takes a WebLLM validator before its first transaction and rejects an incomplete one", async () => {
    const providers: string[][] = [];
    const s = new PlaygroundSession({
      createNetwork: (spec, onBoot) => {
        providers.push(spec.validators.map((x) => x.llm.provider));
        onBoot([{ id: "fake", state: "ready", ms: 0 }]);
        return createEngineNetwork(spec, new FakeExecutor({ program: storageProgram("initial_storage"), executionTimeoutMs: spec.settings.executionTimeoutMs }));
      },
      files: [{ path: "storage.py", text: "# storage" }],
    });
    await s.ready();
    await s.updateValidator("v1", { llm: { provider: "webllm", model: "SmolLM2-360M-Instruct-q4f32_1-MLC", seed: 1 } });
    expect(providers.at(-1)).toEqual(["webllm", "scripted", "scripted"]);
    expect(s.getState().setup.validators[0].llm).toEqual({ provider: "webllm", model: "SmolLM2-360M-Instruct-q4f32_1-MLC", seed: 1 });
    await s.updateValidator("v2", { llm: { provider: "openai", model: "llama3.2" } });
    expect(s.getState().errors).toContainEqual({ scope: "validators", message: "v2: an OpenAI-compatible server needs a base URL" });
    expect(providers.at(-1)).toEqual(["webllm", "scripted", "scripted"]);
  });
});
