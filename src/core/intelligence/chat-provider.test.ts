/** ChatModelProvider over a test chat model that replies from a queue and records requests. */
import { describe, expect, it } from "vitest";
import { countTokens, ProviderError, type ProviderCallContext } from "../runtime/intelligence";
import type { ChatModel, ChatRequest, ChatResponse } from "./chat-model";
import { ChatModelProvider } from "./chat-provider";

class QueuedModel implements ChatModel {
  readonly label = "queued";
  readonly requests: ChatRequest[] = [];
  constructor(private readonly replies: (ChatResponse | Error)[]) {}
  async complete(req: ChatRequest): Promise<ChatResponse> {
    this.requests.push(req);
    const next = this.replies.shift();
    if (!next) throw new Error("no more replies");
    if (next instanceof Error) throw next;
    return next;
  }
}

function usageLog(): ProviderCallContext & { reports: [number, number][] } {
  const reports: [number, number][] = [];
  return { reports, reportUsage: (p, c) => reports.push([p, c]) };
}

const usage = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens });

async function providerError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  const message = (e as Error).message;
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

describe("ChatModelProvider prompts", () => {
  it("a text prompt is one user message with the validator's sampling options; usage is reported", async () => {
    const model = new QueuedModel([{ text: "Bonjour", usage: usage(12, 3) }]);
    const provider = new ChatModelProvider(model, { temperature: 0.3, seed: 11, maxTokens: 64 });
    const ctx = usageLog();
    expect(await provider.execPrompt({ prompt: "Say hello in French", responseFormat: "text", images: [] }, ctx)).toBe("Bonjour");
    expect(model.requests).toEqual([
      { messages: [{ role: "user", content: "Say hello in French" }], json: false, temperature: 0.3, seed: 11, maxTokens: 64 },
    ]);
    expect(ctx.reports).toEqual([[12, 3]]);
  });

  it("a JSON prompt uses JSON mode and extracts the object from prose", async () => {
    const model = new QueuedModel([{ text: 'Here you go:\n```json\n{"give_coin": False, "reasoning": "no",}\n```' }]);
    const out = await new ChatModelProvider(model).execPrompt({ prompt: "Decide. JSON.", responseFormat: "json", images: [] });
    expect(out).toEqual({ give_coin: false, reasoning: "no" });
    expect(model.requests[0].json).toBe(true);
    expect(model.requests[0].messages[0]).toMatchObject({ role: "system", content: expect.stringContaining("one JSON object") });
  });

  it("retries once with the bad reply and a stricter instruction, and meters both calls", async () => {
    const model = new QueuedModel([
      { text: "I think the adventurer deserves it.", usage: usage(40, 8) },
      { text: '{"give_coin": true}', usage: usage(70, 5) },
    ]);
    const ctx = usageLog();
    const out = await new ChatModelProvider(model).execPrompt({ prompt: "Decide. JSON.", responseFormat: "json", images: [] }, ctx);
    expect(out).toEqual({ give_coin: true });
    const retry = model.requests[1].messages;
    expect(retry.slice(0, 2)).toEqual(model.requests[0].messages);
    expect(retry[2]).toEqual({ role: "assistant", content: "I think the adventurer deserves it." });
    expect(retry[3].role).toBe("user");
    expect(retry[3].content).toContain("could not be used (no valid JSON found");
    expect(ctx.reports).toEqual([
      [40, 8],
      [70, 5],
    ]);
  });

  it("gives up after one retry with a clear error", async () => {
    const model = new QueuedModel([{ text: "no idea" }, { text: "still no idea, sorry" }, { text: '{"late": true}' }]);
    const message = await providerError(new ChatModelProvider(model).execPrompt({ prompt: "JSON!", responseFormat: "json", images: [] }));
    expect(message).toBe('queued gave no usable answer after a retry: no valid JSON found in the model\'s answer: "still no idea, sorry"');
    expect(model.requests).toHaveLength(2);
  });

  it("estimates usage when the model reports none, counting every message sent", async () => {
    const model = new QueuedModel([{ text: '{"a": 1}' }]);
    const ctx = usageLog();
    await new ChatModelProvider(model).execPrompt({ prompt: "x".repeat(400), responseFormat: "json", images: [] }, ctx);
    const sent = model.requests[0].messages.reduce((n, m) => n + countTokens(m.content), 0);
    expect(sent).toBeGreaterThan(100);
    expect(ctx.reports).toEqual([[sent, countTokens('{"a": 1}')]]);
  });

  it("passes images with the user message", async () => {
    const model = new QueuedModel([{ text: "a cat" }]);
    const img = new Uint8Array([0xff, 0xd8, 0xff]);
    await new ChatModelProvider(model).execPrompt({ prompt: "What is it?", responseFormat: "text", images: [img] });
    expect(model.requests[0].messages).toEqual([{ role: "user", content: "What is it?", images: [img] }]);
  });
});

describe("ChatModelProvider templates", () => {
  it("EqComparative: renders the template in JSON mode and returns the bool", async () => {
    const model = new QueuedModel([{ text: '{"result": false, "reason": "the prices differ by 5%"}' }]);
    const vars = { leader_answer: "101", validator_answer: "96", principle: "within 1%" };
    expect(await new ChatModelProvider(model, { temperature: 0 }).execPromptTemplate({ template: "EqComparative", vars })).toBe(false);
    expect(model.requests[0]).toMatchObject({ json: true, temperature: 0 });
    expect(model.requests[0].messages[1].content).toContain("<principle>\nwithin 1%\n</principle>");
  });

  it("EqNonComparativeLeader returns the result text", async () => {
    const model = new QueuedModel([{ text: 'Answer: {"result": "A short summary."}' }]);
    const out = await new ChatModelProvider(model).execPromptTemplate({
      template: "EqNonComparativeLeader",
      vars: { task: "Summarise", input: "A long text.", criteria: "short" },
    });
    expect(out).toBe("A short summary.");
  });

  it("EqNonComparativeValidator retries when the result is not a yes/no", async () => {
    const model = new QueuedModel([{ text: '{"result": "probably"}' }, { text: '{"result": true, "reason": "meets the criteria"}' }]);
    const vars = { task: "t", input: "i", criteria: "c", output: "o" };
    expect(await new ChatModelProvider(model).execPromptTemplate({ template: "EqNonComparativeValidator", vars })).toBe(true);
    expect(model.requests[1].messages[3].content).toContain('should be true or false, got "probably"');
  });
});

describe("ChatModelProvider failures and web access", () => {
  it("a model failure is a one-line ProviderError, without a retry", async () => {
    const model = new QueuedModel([new Error("socket hang up\n    at Socket.onclose (node:net:1)"), { text: "unused" }]);
    const message = await providerError(new ChatModelProvider(model).execPrompt({ prompt: "p", responseFormat: "json", images: [] }));
    expect(message).toBe("queued failed: socket hang up at Socket.onclose (node:net:1)");
    expect(model.requests).toHaveLength(1);
  });

  it("a model's ProviderError passes through unchanged", async () => {
    const model = new QueuedModel([new ProviderError("http://x answered HTTP 429: slow down (rate limit or quota exceeded)")]);
    const message = await providerError(new ChatModelProvider(model).execPrompt({ prompt: "p", responseFormat: "text", images: [] }));
    expect(message).toBe("http://x answered HTTP 429: slow down (rate limit or quota exceeded)");
  });

  it("web access fails clearly unless a delegate is given", async () => {
    const bare = new ChatModelProvider(new QueuedModel([]));
    expect(await providerError(bare.webRender({ url: "https://example.com", mode: "text", waitAfterLoaded: "0ms" }))).toBe(
      "web access is not configured",
    );
    const web = {
      webRequest: async () => ({ status: 204, headers: {}, body: new Uint8Array() }),
      webRender: async () => ({ text: "Example Domain" }),
    };
    const provider = new ChatModelProvider(new QueuedModel([]), { web });
    expect(await provider.webRender({ url: "https://example.com", mode: "text", waitAfterLoaded: "0ms" })).toEqual({ text: "Example Domain" });
    expect((await provider.webRequest({ url: "https://example.com", method: "GET", body: null, headers: {} })).status).toBe(204);
  });
});
