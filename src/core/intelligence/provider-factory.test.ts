/** createProvider: the right provider per LlmConfig, API keys only from the secrets lookup. */
import { describe, expect, it } from "vitest";
import { ProviderError, type IntelligenceProvider } from "../runtime/intelligence";
import { ScriptedProvider } from "../runtime/providers/scripted";
import { ChatModelProvider } from "./chat-provider";
import { createProvider, UnavailableProvider } from "./provider-factory";

interface Captured {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function capturingFetch(captured: Captured[]): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    captured.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify({ choices: [{ message: { content: "ok" } }] }), { status: 200 });
  }) as unknown as typeof fetch;
}

async function failsWith(provider: IntelligenceProvider, message: string) {
  const e = await provider.execPrompt({ prompt: "p", responseFormat: "text", images: [] }).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(ProviderError);
  expect((e as Error).message).toBe(message);
}

describe("createProvider", () => {
  it("scripted: the validator's rules", async () => {
    const provider = createProvider({ provider: "scripted" }, { scriptedRules: { prompts: [{ match: "hi", answer: "hello" }] } });
    expect(provider).toBeInstanceOf(ScriptedProvider);
    expect(await provider.execPrompt({ prompt: "hi", responseFormat: "text", images: [] })).toBe("hello");
  });

  it("openai: the config's server, model and sampling; the key from the secrets lookup", async () => {
    const captured: Captured[] = [];
    const asked: string[] = [];
    const provider = createProvider(
      { provider: "openai", model: "llama3.2", baseUrl: "http://localhost:11434/v1", temperature: 0.1, seed: 5, maxTokens: 99 },
      {
        fetch: capturingFetch(captured),
        secrets: {
          apiKey: (baseUrl) => {
            asked.push(baseUrl);
            return "sk-local";
          },
        },
      },
    );
    expect(provider).toBeInstanceOf(ChatModelProvider);
    expect(provider.label).toBe("llama3.2 @ localhost:11434");
    expect(await provider.execPrompt({ prompt: "hi", responseFormat: "text", images: [] })).toBe("ok");
    expect(asked).toEqual(["http://localhost:11434/v1"]);
    expect(captured[0].url).toBe("http://localhost:11434/v1/chat/completions");
    expect(captured[0].headers.Authorization).toBe("Bearer sk-local");
    expect(captured[0].body).toMatchObject({ model: "llama3.2", temperature: 0.1, seed: 5, max_tokens: 99 });
  });

  it("openai without a base URL talks to api.openai.com, without a key when none is stored", async () => {
    const captured: Captured[] = [];
    const provider = createProvider({ provider: "openai", model: "gpt-4o-mini" }, { fetch: capturingFetch(captured) });
    await provider.execPrompt({ prompt: "hi", responseFormat: "text", images: [] });
    expect(captured[0].url).toBe("https://api.openai.com/v1/chat/completions");
    expect(captured[0].headers).not.toHaveProperty("Authorization");
  });

  it("a config that cannot work gives a provider whose calls fail with the reason", async () => {
    await failsWith(createProvider({ provider: "openai" }), "no model name is set for the OpenAI-compatible server https://api.openai.com/v1");
    await failsWith(createProvider({ provider: "openai", model: "m", baseUrl: "ftp://x" }), "the base URL must start with http:// or https://, got ftp://x");
    await failsWith(createProvider({ provider: "claude" }), 'unknown LLM provider "claude" (expected scripted, openai, webllm or recorded)');
  });

  it("webllm and recorded are placeholders until built, and builders can supply them", async () => {
    const webllm = createProvider({ provider: "webllm", model: "SmolLM2" });
    expect(webllm).toBeInstanceOf(UnavailableProvider);
    await failsWith(webllm, "the in-browser WebLLM provider is not available yet");
    await failsWith(createProvider({ provider: "recorded" }), "recorded answers are not available yet");
    const replay = new ScriptedProvider({ prompts: [{ match: ".", answer: "replayed" }] });
    const built = createProvider({ provider: "recorded" }, { builders: { recorded: () => replay } });
    expect(await built.execPrompt({ prompt: "x", responseFormat: "text", images: [] })).toBe("replayed");
  });
});
