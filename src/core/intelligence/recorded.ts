/**
 * Recorded intelligence: `RecordingProvider` wraps any provider and writes every answer (or
 * failure) of a run into a `Recording`; `ReplayProvider` answers from it, so a run that used a real
 * LLM and the live web replays exactly — same votes, same state — without a GPU or the network.
 *
 * A `Recording` is plain JSON: validator id → that validator's calls in the order it made them.
 * Each call has its kind, a `key` (a hash of the canonical request: the same request always gives
 * the same key), `about` (a short readable summary) and either `answer` or `error`:
 *   prompt   → the text, or the JSON object of a `response_format="json"` prompt
 *   template → true / false (or the leader template's text)
 *   request  → {status, headers, body} with the body in base64
 *   render   → {text} or {image} (base64)
 * Replay matches by key, per validator; a request made several times gets its answers in order.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import {
  ProviderError,
  type IntelligenceProvider,
  type ProviderCallContext,
  type PromptRequest,
  type RenderRequest,
  type RenderResult,
  type TemplateRequest,
  type WebRequest,
  type WebResponse,
} from "../runtime/intelligence";

export const RECORDED_KINDS = ["prompt", "template", "request", "render"] as const;
export type RecordedKind = (typeof RECORDED_KINDS)[number];

export type RecordedJson = null | boolean | number | string | RecordedJson[] | { [key: string]: RecordedJson };

export interface RecordedWebResponse {
  status: number;
  headers: Record<string, string>;
  /** Base64. */
  body: string;
}

export type RecordedRender = { text: string } | { image: string };

export interface RecordedCall {
  kind: RecordedKind;
  key: string;
  about: string;
  answer?: RecordedJson;
  /** The provider failed with this message (the contract saw it as an error). */
  error?: string;
  /** Token usage the provider reported, [prompt, completion] (replayed, so intelligence gas matches). */
  usage?: [number, number];
}

/** Validator id → its calls, in the order it made them. */
export type Recording = Record<string, RecordedCall[]>;

/** Records the calls of one validator into `recording[validatorId]`. */
export class RecordingProvider implements IntelligenceProvider {
  readonly label: string;
  private readonly calls: RecordedCall[];

  constructor(
    private readonly inner: IntelligenceProvider,
    validatorId: string,
    recording: Recording,
  ) {
    this.label = `recording ${inner.label}`;
    recording[validatorId] ??= [];
    this.calls = recording[validatorId];
  }

  execPrompt(req: PromptRequest, ctx?: ProviderCallContext): Promise<string | Record<string, unknown>> {
    return this.record("prompt", req, (c) => this.inner.execPrompt(req, c), (a) => a as RecordedJson, ctx);
  }

  execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext): Promise<boolean | string> {
    return this.record("template", req, (c) => this.inner.execPromptTemplate(req, c), (a) => a, ctx);
  }

  webRequest(req: WebRequest): Promise<WebResponse> {
    return this.record("request", req, () => this.inner.webRequest(req), (r) => ({
      status: r.status,
      headers: { ...r.headers },
      body: toBase64(r.body),
    }));
  }

  webRender(req: RenderRequest): Promise<RenderResult> {
    return this.record("render", req, () => this.inner.webRender(req), (r): RecordedJson =>
      "text" in r ? { text: r.text } : { image: toBase64(r.image) },
    );
  }

  private async record<T>(kind: RecordedKind, req: RequestOf, ask: (ctx?: ProviderCallContext) => Promise<T>, toJson: (answer: T) => RecordedJson, ctx?: ProviderCallContext): Promise<T> {
    const call: RecordedCall = { kind, key: requestKey(kind, req), about: describeRequest(kind, req) };
    // Reserve the slot now, so calls keep the order in which they were made.
    this.calls.push(call);
    // Usage reports pass through and are kept with the call.
    const seen: ProviderCallContext | undefined = ctx && {
      reportUsage: (p, c) => {
        call.usage = [(call.usage?.[0] ?? 0) + p, (call.usage?.[1] ?? 0) + c];
        ctx.reportUsage(p, c);
      },
    };
    try {
      const answer = await ask(seen);
      call.answer = JSON.parse(JSON.stringify(toJson(answer))) as RecordedJson;
      return answer;
    } catch (e) {
      call.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }
}

/** Answers one validator's requests from its recorded calls. */
export class ReplayProvider implements IntelligenceProvider {
  readonly label = "recorded";
  private readonly used = new Map<string, number>();

  constructor(
    private readonly calls: readonly RecordedCall[],
    private readonly validatorId: string,
  ) {}

  async execPrompt(req: PromptRequest, ctx?: ProviderCallContext): Promise<string | Record<string, unknown>> {
    const answer = this.next("prompt", req, ctx);
    if (typeof answer === "string") return answer;
    if (isJsonObject(answer)) return answer;
    throw this.badAnswer("prompt", req);
  }

  async execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext): Promise<boolean | string> {
    const answer = this.next("template", req, ctx);
    if (typeof answer === "boolean" || typeof answer === "string") return answer;
    throw this.badAnswer("template", req);
  }

  async webRequest(req: WebRequest): Promise<WebResponse> {
    const answer = this.next("request", req);
    if (!isJsonObject(answer) || typeof answer.status !== "number" || typeof answer.body !== "string" || !isJsonObject(answer.headers))
      throw this.badAnswer("request", req);
    return { status: answer.status, headers: { ...(answer.headers as Record<string, string>) }, body: fromBase64(answer.body) };
  }

  async webRender(req: RenderRequest): Promise<RenderResult> {
    const answer = this.next("render", req);
    if (isJsonObject(answer) && typeof answer.text === "string") return { text: answer.text };
    if (isJsonObject(answer) && typeof answer.image === "string") return { image: fromBase64(answer.image) };
    throw this.badAnswer("render", req);
  }

  /** The next unused recorded answer for this exact request (a deep copy), or a ProviderError. */
  private next(kind: RecordedKind, req: RequestOf, ctx?: ProviderCallContext): RecordedJson | undefined {
    const key = requestKey(kind, req);
    const matches = this.calls.filter((c) => c.kind === kind && c.key === key);
    const index = this.used.get(key) ?? 0;
    const call = matches[index];
    if (!call) {
      const why = matches.length > 0 ? ` (all ${matches.length} recorded answers already used)` : "";
      throw new ProviderError(`no recorded answer for ${describeRequest(kind, req)} on validator ${this.validatorId}${why}`);
    }
    this.used.set(key, index + 1);
    if (call.usage && ctx) ctx.reportUsage(call.usage[0], call.usage[1]);
    if (call.error !== undefined) throw new ProviderError(call.error);
    return call.answer === undefined ? undefined : (JSON.parse(JSON.stringify(call.answer)) as RecordedJson);
  }

  private badAnswer(kind: RecordedKind, req: RequestOf): ProviderError {
    return new ProviderError(`the recorded answer for ${describeRequest(kind, req)} is not a valid ${kind} answer`);
  }
}

/** A copy with validators in natural id order (v1, v2, …, v10) — what to save into a scenario. */
export function orderedRecording(recording: Recording): Recording {
  const ids = Object.keys(recording).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return JSON.parse(JSON.stringify(Object.fromEntries(ids.map((id) => [id, recording[id]])))) as Recording;
}

type RequestOf = PromptRequest | TemplateRequest | WebRequest | RenderRequest;

/** Stable hash of a request: 32 hex digits of SHA-256 over its canonical JSON. */
export function requestKey(kind: RecordedKind, req: RequestOf): string {
  const digest = sha256(new TextEncoder().encode(canonicalJson({ kind, ...canonicalRequest(kind, req) })));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

function canonicalRequest(kind: RecordedKind, req: RequestOf): Record<string, RecordedJson> {
  switch (kind) {
    case "prompt": {
      const r = req as PromptRequest;
      return { prompt: r.prompt, format: r.responseFormat, images: r.images.map(toBase64) };
    }
    case "template": {
      const r = req as TemplateRequest;
      return { template: r.template, vars: { ...r.vars } };
    }
    case "request": {
      const r = req as WebRequest;
      const body: RecordedJson = r.body === null ? null : typeof r.body === "string" ? { text: r.body } : { base64: toBase64(r.body) };
      return { method: r.method.toUpperCase(), url: r.url, headers: { ...r.headers }, body };
    }
    case "render": {
      const r = req as RenderRequest;
      return { url: r.url, mode: r.mode, wait: r.waitAfterLoaded };
    }
  }
}

function describeRequest(kind: RecordedKind, req: RequestOf): string {
  switch (kind) {
    case "prompt":
      return `prompt "${clip((req as PromptRequest).prompt)}"`;
    case "template": {
      const r = req as TemplateRequest;
      return `${r.template} "${clip(r.vars.principle ?? r.vars.task ?? Object.values(r.vars).join(" "))}"`;
    }
    case "request": {
      const r = req as WebRequest;
      return `${r.method.toUpperCase()} ${clip(r.url)}`;
    }
    case "render": {
      const r = req as RenderRequest;
      return `render (${r.mode}) ${clip(r.url)}`;
    }
  }
}

/** JSON with object keys sorted at every level. */
function canonicalJson(v: RecordedJson): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function isJsonObject(v: unknown): v is Record<string, RecordedJson> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clip(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? flat.slice(0, 57) + "..." : flat;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
