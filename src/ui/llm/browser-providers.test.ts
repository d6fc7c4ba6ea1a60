import { afterEach, describe, expect, it, vi } from "vitest";
import { Address } from "../../core/calldata";
import type { LlmConfig, ValidatorConfig } from "../../core/consensus/types";
import { WebLlmChatModel } from "../../core/intelligence/webllm-model";
import { WebLlmStore } from "../../core/intelligence/webllm-state";
import { parseModelRef } from "../../core/intelligence/webllm-catalog";
import type { NetworkSpec } from "../../core/scenario/network";
import { makeBrowserProviderFor } from "./browser-providers";
import { secretName, setApiKey } from "./secrets";

const spec = {
  rules: { v1: { prompts: [{ match: "weather", answer: "sunny" }], web: [{ match: "^https://fixture\\.test/", body: "<p>fixture page</p>", text: "fixture page" }] } },
  recordings: { v1: [] },
} as unknown as NetworkSpec;

const validator = (llm: LlmConfig): ValidatorConfig => ({ id: "v1", address: new Address(new Uint8Array(20).fill(1)), stake: 1n, behaviour: "honest", llm });

/** A WebLLM client double: models never loaded, the catalog request counted. */
function fakeClient() {
  const store = new WebLlmStore();
  const engine = { state: (k: string) => store.model(k), whenLoaded: () => Promise.reject(new Error("no")), complete: async () => ({ text: "" }) };
  const calls = { prepare: 0 };
  return {
    calls,
    chatModel: (model: string | undefined) => new WebLlmChatModel(engine, parseModelRef(model)),
    prepare: async () => {
      calls.prepare++;
      return { available: false as const, reason: "test" };
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("the app's validator intelligence", () => {
  it("scripted and recorded validators answer as in scenarios", async () => {
    const providerFor = makeBrowserProviderFor(fakeClient());
    expect(await providerFor(spec, validator({ provider: "scripted" })).execPrompt({ prompt: "the weather?", responseFormat: "text", images: [] })).toBe("sunny");
    await expect(providerFor(spec, validator({ provider: "recorded" })).execPrompt({ prompt: "the weather?", responseFormat: "text", images: [] })).rejects.toThrow(
      /no recorded answer for prompt/,
    );
  });

  it("a WebLLM validator prepares the engine (GPU check, worker), fails clearly until its model is loaded, and reads the web from fixtures", async () => {
    const client = fakeClient();
    const provider = makeBrowserProviderFor(client)(spec, validator({ provider: "webllm", model: "SmolLM2-360M-Instruct-q4f32_1-MLC", seed: 5 }));
    expect(client.calls.prepare).toBe(1);
    await expect(provider.execPrompt({ prompt: "the weather?", responseFormat: "text", images: [] })).rejects.toThrow(
      "webllm SmolLM2-360M-Instruct-q4f32_1-MLC is not loaded: press Load in the validator's LLM settings",
    );
    expect(await provider.webRender({ url: "https://fixture.test/x", mode: "text", waitAfterLoaded: "0" })).toEqual({ text: "fixture page" });
    const broken = makeBrowserProviderFor(client)(spec, validator({ provider: "webllm", model: "https://a.test/m" }));
    await expect(broken.execPrompt({ prompt: "x", responseFormat: "text", images: [] })).rejects.toThrow(/needs two absolute URLs/);
  });

  it("an OpenAI-compatible validator sends the key stored in this browser, never one from its config", async () => {
    const stored = new Map<string, string>();
    vi.stubGlobal("localStorage", {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
      removeItem: (k: string) => void stored.delete(k),
    });
    setApiKey("http://llm.test/v1/", " sk-test ");
    expect([...stored]).toEqual([[secretName("http://llm.test/v1"), "sk-test"]]);
    const seen: (string | null)[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get("Authorization"));
      return new Response(JSON.stringify({ choices: [{ message: { content: "cloudy" } }] }), { status: 200 });
    });
    const provider = makeBrowserProviderFor(fakeClient())(spec, validator({ provider: "openai", baseUrl: "http://llm.test/v1", model: "m" }));
    expect(await provider.execPrompt({ prompt: "the weather?", responseFormat: "text", images: [] })).toBe("cloudy");
    expect(seen).toEqual(["Bearer sk-test"]);
    setApiKey("http://llm.test/v1", "");
    expect(stored.size).toBe(0);
  });
});
