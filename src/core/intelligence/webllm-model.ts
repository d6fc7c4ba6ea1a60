/**
 * A ChatModel over a WebLLM engine (web-llm in a worker in the app, a double in tests). Every
 * validator using the same model shares one engine; each request carries the validator's own seed.
 * A model that is not loaded, or failed to load, fails the request at once with one line (the
 * validator then votes with that reason) instead of starting a download mid-transaction.
 */
import { ProviderError } from "../runtime/intelligence";
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse } from "./chat-model";
import { modelKey, type WebLlmModelRef } from "./webllm-catalog";
import { webLlmErrorLine, type ModelLoadState } from "./webllm-state";

/** What crosses to the engine: a ChatRequest without its AbortSignal (not cloneable). */
export interface WebLlmCompletion {
  messages: ChatMessage[];
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  json?: boolean;
}

export interface WebLlmEngine {
  /** The model's load state now. */
  state(key: string): ModelLoadState;
  /** Resolves when a running load finishes (rejects with its error). */
  whenLoaded(key: string): Promise<void>;
  complete(key: string, req: WebLlmCompletion): Promise<ChatResponse>;
}

export class WebLlmChatModel implements ChatModel {
  readonly label: string;
  private readonly key: string;

  constructor(
    private readonly engine: WebLlmEngine,
    readonly ref: WebLlmModelRef,
  ) {
    this.key = modelKey(ref);
    this.label = `webllm ${ref.id}`;
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    if (req.seed !== undefined && !Number.isInteger(req.seed)) throw new ProviderError(`the seed must be a whole number, got ${req.seed}`);
    if (req.signal?.aborted) throw new ProviderError(`the request to ${this.label} was cancelled`);
    await this.ready();
    const body: WebLlmCompletion = { messages: req.messages };
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.seed !== undefined) body.seed = req.seed;
    if (req.maxTokens !== undefined) body.maxTokens = req.maxTokens;
    if (req.json) body.json = true;
    try {
      return await this.engine.complete(this.key, body);
    } catch (e) {
      throw new ProviderError(`${this.label}: ${webLlmErrorLine(e, "complete")}`);
    }
  }

  private async ready(): Promise<void> {
    const s = this.engine.state(this.key);
    if (s.phase === "ready") return;
    if (s.phase === "idle") throw new ProviderError(`${this.label} is not loaded: press Load in the validator's LLM settings`);
    if (s.phase === "failed") throw new ProviderError(`${this.label} is not loaded: ${s.message}`);
    try {
      await this.engine.whenLoaded(this.key);
    } catch (e) {
      throw new ProviderError(`${this.label} is not loaded: ${webLlmErrorLine(e, "load")}`);
    }
  }
}

type WireContent = string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];

/** The OpenAI-style request web-llm's `chat.completions.create` takes for one completion. */
export function webLlmRequestBody(req: WebLlmCompletion): Record<string, unknown> {
  const body: Record<string, unknown> = { messages: req.messages.map(toWire), stream: false };
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.json) body.response_format = { type: "json_object" };
  return body;
}

/** web-llm's reply as a ChatResponse (text and its own token counts). */
export function webLlmResponse(reply: unknown): ChatResponse {
  const r = reply as { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  const text = r?.choices?.[0]?.message?.content;
  if (typeof text !== "string") throw new Error("the model returned no text");
  const p = r.usage?.prompt_tokens;
  const c = r.usage?.completion_tokens;
  return typeof p === "number" && typeof c === "number" ? { text, usage: { promptTokens: p, completionTokens: c } } : { text };
}

function toWire(m: ChatMessage): { role: string; content: WireContent } {
  if (!m.images || m.images.length === 0) return { role: m.role, content: m.content };
  return {
    role: m.role,
    content: [{ type: "text", text: m.content }, ...m.images.map((img) => ({ type: "image_url" as const, image_url: { url: dataUrl(img) } }))],
  };
}

function dataUrl(bytes: Uint8Array): string {
  const mime = bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : bytes[0] === 0x47 && bytes[1] === 0x49 ? "image/gif" : "image/png";
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${mime};base64,${btoa(binary)}`;
}
