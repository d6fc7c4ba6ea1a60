/**
 * The pluggable side of a validator that answers non-deterministic requests: LLM prompts, the
 * equivalence-principle templates and web access. Scripted, recorded, WebLLM and HTTP providers all
 * implement this one interface.
 */

export type PromptFormat = "text" | "json";

export interface PromptRequest {
  prompt: string;
  responseFormat: PromptFormat;
  images: Uint8Array[];
}

export type TemplateName = "EqComparative" | "EqNonComparativeLeader" | "EqNonComparativeValidator";

export interface TemplateRequest {
  template: TemplateName;
  vars: Record<string, string>;
}

export interface WebRequest {
  url: string;
  method: string;
  body: Uint8Array | string | null;
  headers: Record<string, string>;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface RenderRequest {
  url: string;
  mode: "text" | "html" | "screenshot";
  waitAfterLoaded: string;
}

export type RenderResult = { text: string } | { image: Uint8Array };

/**
 * Passed by the host with each LLM call. A provider that knows the real token counts (from the
 * model's usage report) calls `reportUsage` once per model call, retries included; the host then
 * meters those instead of its four-characters-per-token estimate.
 */
export interface ProviderCallContext {
  reportUsage(promptTokens: number, completionTokens: number): void;
}

export interface IntelligenceProvider {
  /** Shown in the UI and logs, e.g. "scripted". */
  readonly label: string;
  execPrompt(req: PromptRequest, ctx?: ProviderCallContext): Promise<string | Record<string, unknown>>;
  execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext): Promise<boolean | string>;
  webRequest(req: WebRequest): Promise<WebResponse>;
  webRender(req: RenderRequest): Promise<RenderResult>;
}

/** A provider failure the contract should see as `NondetException` (not a crash). */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderError";
  }
}

/** Rough token count used for intelligence gas: about four characters per token. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
