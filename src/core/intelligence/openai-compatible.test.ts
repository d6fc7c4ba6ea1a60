/**
 * The OpenAI-compatible chat model against a small local server speaking the chat-completions API;
 * the model name picks how the server behaves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../runtime/intelligence";
import { ChatModelProvider } from "./chat-provider";
import { OpenAiCompatibleModel } from "./openai-compatible";

interface Seen {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

const seen: Seen[] = [];
let server: Server;
let baseUrl = "";

function completion(content: string, usage?: { prompt_tokens: number; completion_tokens: number }) {
  return JSON.stringify({ id: "c1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], ...(usage && { usage }) });
}

function answer(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push({ path: req.url ?? "", headers: req.headers, body });
      switch (body.model) {
        case "normal":
          return answer(res, 200, completion("Paris is the capital of France.", { prompt_tokens: 31, completion_tokens: 7 }));
        case "prose-json":
          return answer(res, 200, completion('Sure! Here it is:\n```json\n{"give_coin": false, "reasoning": "rules are rules"}\n```\nAnything else?'));
        case "quota":
          return answer(res, 429, JSON.stringify({ error: { message: "You exceeded your current quota, please check your plan.", type: "insufficient_quota", code: "insufficient_quota" } }));
        case "broken":
          res.writeHead(500, { "Content-Type": "text/plain" });
          return res.end("");
        case "ollama-missing":
          return answer(res, 404, JSON.stringify({ error: 'model "llama9" not found, try pulling it first' }));
        case "slow":
          return void setTimeout(() => answer(res, 200, completion("too late")), 5_000);
        case "garbage":
          res.writeHead(200, { "Content-Type": "application/json" });
          return res.end('{"choices": [ {"message": ');
        default:
          return answer(res, 400, JSON.stringify({ error: { message: `unknown model ${String(body.model)}` } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const modelNamed = (model: string, extra: Partial<ConstructorParameters<typeof OpenAiCompatibleModel>[0]> = {}) =>
  new OpenAiCompatibleModel({ baseUrl, model, ...extra });

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as Error).message).not.toMatch(/[\r\n]/);
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

describe("OpenAiCompatibleModel", () => {
  it("sends the chat request with the sampling options and returns the text and usage", async () => {
    const model = modelNamed("normal", { apiKey: "sk-test" });
    const res = await model.complete({ messages: [{ role: "user", content: "Capital of France?" }], temperature: 0.2, seed: 7, maxTokens: 50 });
    expect(res).toEqual({ text: "Paris is the capital of France.", usage: { promptTokens: 31, completionTokens: 7 } });
    const req = seen[seen.length - 1];
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer sk-test");
    expect(req.body).toEqual({ model: "normal", messages: [{ role: "user", content: "Capital of France?" }], temperature: 0.2, seed: 7, max_tokens: 50 });
    expect(model.label).toBe(`normal @ ${new URL(baseUrl).host}`);
  });

  it("sends no Authorization header without a key, and JSON mode when asked", async () => {
    const res = await modelNamed("prose-json").complete({ messages: [{ role: "user", content: "JSON please" }], json: true });
    expect(res.usage).toBeUndefined();
    const req = seen[seen.length - 1];
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body.response_format).toEqual({ type: "json_object" });
    expect(req.body).not.toHaveProperty("seed");
  });

  it("sends images as data-URL content parts", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await modelNamed("normal").complete({ messages: [{ role: "user", content: "What is this?", images: [png] }] });
    const content = (seen[seen.length - 1].body.messages as { content: unknown }[])[0].content;
    expect(content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(png).toString("base64")}` } },
    ]);
  });

  it("a JSON answer wrapped in prose reaches the contract as the object", async () => {
    const provider = new ChatModelProvider(modelNamed("prose-json"));
    const out = await provider.execPrompt({ prompt: "Give the coin? Answer in JSON.", responseFormat: "json", images: [] });
    expect(out).toEqual({ give_coin: false, reasoning: "rules are rules" });
  });

  it("429 with an error body: status, the server's message and a quota hint", async () => {
    const e = await failure(modelNamed("quota").complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toBe(
      `${new URL(baseUrl).origin} answered HTTP 429: You exceeded your current quota, please check your plan. (rate limit or quota exceeded)`,
    );
  });

  it("500 with an empty body names the status", async () => {
    const e = await failure(modelNamed("broken").complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toBe(`${new URL(baseUrl).origin} answered HTTP 500: Internal Server Error`);
  });

  it("Ollama's string error body is shown", async () => {
    const e = await failure(modelNamed("ollama-missing").complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toContain('HTTP 404: model "llama9" not found, try pulling it first (check the base URL and the model name)');
  });

  it("a slow server hits the timeout", async () => {
    const e = await failure(modelNamed("slow", { timeoutMs: 300 }).complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toBe(`${new URL(baseUrl).origin} did not answer within 300 ms (timeout)`);
  });

  it("a malformed JSON body is a clear error", async () => {
    const e = await failure(modelNamed("garbage").complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toMatch(/sent a reply that is not valid JSON: "\{\\"choices\\": \[/);
  });

  it("a server that is not running: the connection error, in Node", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await failure(new OpenAiCompatibleModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "m" }).complete({ messages: [] }));
    expect(e.message).toBe(`could not reach http://127.0.0.1:${port}: ECONNREFUSED (is the server running?)`);
  });

  it("a browser's bare 'Failed to fetch' explains CORS and OLLAMA_ORIGINS", async () => {
    const browserFetch = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    const model = new OpenAiCompatibleModel({ baseUrl: "http://localhost:11434/v1", model: "llama3.2", fetch: browserFetch, appOrigin: "http://localhost:5173" });
    const e = await failure(model.complete({ messages: [{ role: "user", content: "hi" }] }));
    expect(e.message).toBe(
      "could not reach http://localhost:11434: the server is down or blocks cross-origin requests (CORS) — for Ollama set OLLAMA_ORIGINS=http://localhost:5173",
    );
  });

  it("rejects a fractional seed and a bad base URL before any request", async () => {
    const before = seen.length;
    await failure(modelNamed("normal").complete({ messages: [], seed: 1.5 }));
    expect(seen.length).toBe(before);
    expect(() => new OpenAiCompatibleModel({ baseUrl: "localhost:11434", model: "m" })).toThrow(/http:\/\/ or https:\/\//);
  });
});
