import { describe, expect, it } from "vitest";
import { ProviderError } from "../runtime/intelligence";
import type { ChatResponse } from "./chat-model";
import { ChatModelProvider } from "./chat-provider";
import { modelKey, parseModelRef } from "./webllm-catalog";
import { WebLlmChatModel, webLlmRequestBody, webLlmResponse, type WebLlmCompletion, type WebLlmEngine } from "./webllm-model";
import { WebLlmStore } from "./webllm-state";

/** An engine double: load states from a real WebLlmStore, answers from a function. */
class FakeEngine implements WebLlmEngine {
  readonly store = new WebLlmStore();
  readonly requests: { key: string; req: WebLlmCompletion }[] = [];
  private pending = new Map<string, { promise: Promise<void>; resolve(): void; reject(e: Error): void }>();
  constructor(private readonly answer: (req: WebLlmCompletion) => ChatResponse | Promise<ChatResponse>) {}
  state(key: string) {
    return this.store.model(key);
  }
  startLoad(key: string) {
    this.store.startLoading(key);
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => undefined);
    this.pending.set(key, { promise, resolve, reject });
  }
  finish(key: string, error?: string) {
    const p = this.pending.get(key)!;
    if (error) {
      this.store.failed(key, error);
      p.reject(new Error(error));
    } else {
      this.store.loaded(key, 10);
      p.resolve();
    }
  }
  whenLoaded(key: string) {
    return this.pending.get(key)?.promise ?? Promise.reject(new Error("not loading"));
  }
  async complete(key: string, req: WebLlmCompletion) {
    this.requests.push({ key, req });
    return this.answer(req);
  }
}

const ID = "SmolLM2-360M-Instruct-q4f32_1-MLC";

describe("the WebLLM chat model", () => {
  it("refuses at once while the model is not loaded, naming the fix; a failed load gives its reason", async () => {
    const engine = new FakeEngine(() => ({ text: "hi" }));
    const model = new WebLlmChatModel(engine, parseModelRef(ID));
    await expect(model.complete({ messages: [{ role: "user", content: "hello" }] })).rejects.toThrow(
      new ProviderError(`webllm ${ID} is not loaded: press Load in the validator's LLM settings`),
    );
    engine.startLoad(ID);
    engine.finish(ID, "could not download the model: Failed to fetch (offline or blocked)");
    const err = await model.complete({ messages: [{ role: "user", content: "hello" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe(`webllm ${ID} is not loaded: could not download the model: Failed to fetch (offline or blocked)`);
    expect(engine.requests).toEqual([]);
  });

  it("waits for a running load, then sends the validator's settings (seed per request) to the shared engine", async () => {
    const engine = new FakeEngine((req) => ({ text: `seed ${req.seed}`, usage: { promptTokens: 7, completionTokens: 2 } }));
    const ref = parseModelRef(ID);
    const v1 = new WebLlmChatModel(engine, ref);
    const v2 = new WebLlmChatModel(engine, ref);
    engine.startLoad(ID);
    const first = v1.complete({ messages: [{ role: "user", content: "a" }], seed: 1, temperature: 0.2, maxTokens: 50, json: true });
    engine.finish(ID);
    expect(await first).toEqual({ text: "seed 1", usage: { promptTokens: 7, completionTokens: 2 } });
    expect((await v2.complete({ messages: [{ role: "user", content: "b" }], seed: 2 })).text).toBe("seed 2");
    expect(engine.requests).toEqual([
      { key: ID, req: { messages: [{ role: "user", content: "a" }], seed: 1, temperature: 0.2, maxTokens: 50, json: true } },
      { key: ID, req: { messages: [{ role: "user", content: "b" }], seed: 2 } },
    ]);
    await expect(v1.complete({ messages: [], seed: 1.5 })).rejects.toThrow("the seed must be a whole number, got 1.5");
  });

  it("engine failures become one-line ProviderErrors, and the provider reports them as its answer", async () => {
    const engine = new FakeEngine(() => {
      throw new Error("Prompt tokens exceed context window size: number of prompt tokens: 9000; context window size: 4096\nConsider shortening");
    });
    engine.startLoad(ID);
    engine.finish(ID);
    const provider = new ChatModelProvider(new WebLlmChatModel(engine, parseModelRef(ID)), { seed: 3 });
    const err = await provider.execPrompt({ prompt: "long", responseFormat: "text", images: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe(`webllm ${ID}: the prompt (9000 tokens) is longer than the model's context window (4096 tokens)`);
  });

  it("custom models share one engine key; requests and replies map to web-llm's OpenAI shapes", () => {
    const ref = parseModelRef("https://m.test/a/Foo-q4f32_1-MLC https://m.test/lib.wasm");
    expect(new WebLlmChatModel(new FakeEngine(() => ({ text: "" })), ref).label).toBe("webllm Foo-q4f32_1-MLC");
    expect(modelKey(ref)).toBe("https://m.test/a/Foo-q4f32_1-MLC https://m.test/lib.wasm");
    expect(webLlmRequestBody({ messages: [{ role: "user", content: "q", images: [new Uint8Array([0xff, 0xd8, 1])] }], seed: 4, maxTokens: 9, json: true, temperature: 0 })).toEqual({
      messages: [{ role: "user", content: [{ type: "text", text: "q" }, { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9gB" } }] }],
      stream: false,
      seed: 4,
      max_tokens: 9,
      temperature: 0,
      response_format: { type: "json_object" },
    });
    expect(webLlmResponse({ choices: [{ message: { content: "{}" } }], usage: { prompt_tokens: 3, completion_tokens: 1 } })).toEqual({ text: "{}", usage: { promptTokens: 3, completionTokens: 1 } });
    expect(webLlmResponse({ choices: [{ message: { content: "x" } }] })).toEqual({ text: "x" });
    expect(() => webLlmResponse({ choices: [] })).toThrow("the model returned no text");
  });
});
