/**
 * A ChatModel speaking the OpenAI chat-completions API over `fetch`: OpenAI, OpenRouter, Ollama,
 * LM Studio, llama.cpp's server and others at `${baseUrl}/chat/completions`. Failures become
 * one-line `ProviderError`s naming the server, the HTTP status and the server's own message.
 */
import { ProviderError } from "../runtime/intelligence";
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse } from "./chat-model";

export interface OpenAiCompatibleOptions {
  /** e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1" (Ollama). */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Abort a call that has not finished after this long (default two minutes). */
  timeoutMs?: number;
  /** This app's origin, named in the CORS hint, e.g. "http://localhost:5173". */
  appOrigin?: string;
  fetch?: typeof fetch;
  label?: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export class OpenAiCompatibleModel implements ChatModel {
  readonly label: string;
  private readonly endpoint: string;
  private readonly origin: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new ProviderError(`not a valid base URL: ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ProviderError(`the base URL must start with http:// or https://, got ${options.baseUrl}`);
    this.origin = url.origin;
    this.endpoint = options.baseUrl.replace(/\/+$/, "") + "/chat/completions";
    this.label = options.label ?? `${options.model} @ ${url.host}`;
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    if (req.seed !== undefined && !Number.isInteger(req.seed)) throw new ProviderError(`the seed must be a whole number, got ${req.seed}`);
    const body: Record<string, unknown> = { model: this.options.model, messages: req.messages.map(toWireMessage) };
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.seed !== undefined) body.seed = req.seed;
    if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
    if (req.json) body.response_format = { type: "json_object" };
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (this.options.apiKey) headers.Authorization = `Bearer ${this.options.apiKey}`;

    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    req.signal?.addEventListener("abort", cancel);
    const failed = (e: unknown) => {
      if (timedOut) return new ProviderError(`${this.origin} did not answer within ${formatSeconds(timeoutMs)} (timeout)`);
      if (req.signal?.aborted) return new ProviderError(`the request to ${this.origin} was cancelled`);
      return this.unreachable(e);
    };
    try {
      const fetchFn = this.options.fetch ?? fetch;
      let res: Response;
      let text: string;
      try {
        res = await fetchFn(this.endpoint, { method: "POST", headers, body: JSON.stringify(body), signal: controller.signal });
        text = await res.text();
      } catch (e) {
        throw failed(e);
      }
      if (!res.ok) throw new ProviderError(httpErrorLine(this.origin, res.status, res.statusText, text));
      return parseCompletion(this.origin, text);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", cancel);
    }
  }

  private unreachable(e: unknown): ProviderError {
    const code = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
    if (typeof code === "string") {
      const hint = code === "ECONNREFUSED" ? " (is the server running?)" : "";
      return new ProviderError(`could not reach ${this.origin}: ${code}${hint}`);
    }
    const origin = this.options.appOrigin ?? "<this app's origin>";
    return new ProviderError(
      `could not reach ${this.origin}: the server is down or blocks cross-origin requests (CORS) — for Ollama set OLLAMA_ORIGINS=${origin}`,
    );
  }
}

type WireContent = string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];

function toWireMessage(m: ChatMessage): { role: string; content: WireContent } {
  if (!m.images || m.images.length === 0) return { role: m.role, content: m.content };
  return {
    role: m.role,
    content: [
      { type: "text", text: m.content },
      ...m.images.map((img) => ({ type: "image_url" as const, image_url: { url: `data:${imageMime(img)};base64,${base64(img)}` } })),
    ],
  };
}

function httpErrorLine(origin: string, status: number, statusText: string, body: string): string {
  const hints: Record<number, string> = {
    401: " (check the API key)",
    403: " (check the API key and its permissions)",
    404: " (check the base URL and the model name)",
    429: " (rate limit or quota exceeded)",
  };
  const detail = serverMessage(body) ?? (statusText || "no details");
  return clip(`${origin} answered HTTP ${status}: ${detail}${hints[status] ?? ""}`);
}

/** The error message in an error body: OpenAI/OpenRouter/llama.cpp `{error:{message}}`, Ollama `{error}`, others. */
function serverMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const flat = body.replace(/\s+/g, " ").trim();
    return flat && !flat.startsWith("<") ? flat.slice(0, 160) : undefined;
  }
  const p = parsed as { error?: unknown; message?: unknown; detail?: unknown };
  const err = p?.error as { message?: unknown } | string | undefined;
  for (const candidate of [typeof err === "object" && err ? err.message : err, p?.message, p?.detail]) {
    if (typeof candidate === "string" && candidate.trim()) return candidate.replace(/\s+/g, " ").trim();
  }
  return undefined;
}

function parseCompletion(origin: string, body: string): ChatResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProviderError(clip(`${origin} sent a reply that is not valid JSON: ${JSON.stringify(body.replace(/\s+/g, " ").slice(0, 60))}`));
  }
  const reply = parsed as {
    error?: unknown;
    choices?: { message?: { content?: unknown; refusal?: unknown } }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  const message = reply?.choices?.[0]?.message;
  const text = contentText(message?.content);
  if (text === undefined) {
    if (typeof message?.refusal === "string") throw new ProviderError(clip(`the model refused: ${message.refusal}`));
    const err = reply?.error !== undefined ? serverMessage(JSON.stringify(reply)) : undefined;
    throw new ProviderError(clip(err ? `${origin} answered with an error: ${err}` : `${origin} sent a reply without choices[0].message.content`));
  }
  const p = reply.usage?.prompt_tokens;
  const c = reply.usage?.completion_tokens;
  return typeof p === "number" && typeof c === "number" ? { text, usage: { promptTokens: p, completionTokens: c } } : { text };
}

/** Content as a string, or the text parts of a content array joined. */
function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content.filter((x): x is { text: string } => typeof x?.text === "string");
    return parts.length > 0 ? parts.map((x) => x.text).join("") : undefined;
  }
  return undefined;
}

function imageMime(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xd8) return "image/jpeg";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  return "image/png";
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function clip(line: string): string {
  const flat = line.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? flat.slice(0, 297) + "..." : flat;
}
