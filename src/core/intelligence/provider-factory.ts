/**
 * Builds a validator's intelligence provider from its `LlmConfig`: scripted rules, an
 * OpenAI-compatible server, or (until they exist) a clear "not available" provider for WebLLM and
 * recorded answers. API keys never live in the config (it is saved in scenarios and exports): they
 * come from the `secrets` lookup the caller passes in.
 */
import type { LlmConfig } from "../consensus/types";
import {
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type RenderRequest,
  type RenderResult,
  type TemplateRequest,
  type WebRequest,
  type WebResponse,
} from "../runtime/intelligence";
import { ScriptedProvider, type ScriptedRules } from "../runtime/providers/scripted";
import { ChatModelProvider, type WebDelegate } from "./chat-provider";
import { OpenAiCompatibleModel } from "./openai-compatible";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Where API keys live (e.g. the browser's local storage), looked up by the server's base URL. */
export interface SecretLookup {
  apiKey(baseUrl: string): string | undefined;
}

export interface ProviderDeps {
  /** The validator's scripted rules (for provider "scripted"). */
  scriptedRules?: ScriptedRules;
  secrets?: SecretLookup;
  /** Web access for model-backed providers (scripted ones use their web fixtures). */
  web?: WebDelegate;
  /** This app's origin, for the CORS hint in connection errors. */
  appOrigin?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Builders for further providers by name; they take precedence over the built-in ones. */
  builders?: Record<string, (llm: LlmConfig, deps: ProviderDeps) => IntelligenceProvider>;
}

export function createProvider(llm: LlmConfig, deps: ProviderDeps = {}): IntelligenceProvider {
  const custom = deps.builders?.[llm.provider];
  if (custom) return custom(llm, deps);
  switch (llm.provider) {
    case "scripted":
      return new ScriptedProvider(deps.scriptedRules ?? {});
    case "openai":
      return openAiProvider(llm, deps);
    case "webllm":
      return new UnavailableProvider("webllm", "the in-browser WebLLM provider is not available yet");
    case "recorded":
      return new UnavailableProvider("recorded", "recorded answers are not available yet");
    default:
      return new UnavailableProvider(llm.provider, `unknown LLM provider "${llm.provider}" (expected scripted, openai, webllm or recorded)`);
  }
}

function openAiProvider(llm: LlmConfig, deps: ProviderDeps): IntelligenceProvider {
  const baseUrl = llm.baseUrl ?? OPENAI_BASE_URL;
  if (!llm.model) return new UnavailableProvider(`openai @ ${baseUrl}`, `no model name is set for the OpenAI-compatible server ${baseUrl}`);
  let model: OpenAiCompatibleModel;
  try {
    model = new OpenAiCompatibleModel({
      baseUrl,
      model: llm.model,
      apiKey: deps.secrets?.apiKey(baseUrl),
      timeoutMs: deps.timeoutMs,
      appOrigin: deps.appOrigin,
      fetch: deps.fetch,
    });
  } catch (e) {
    return new UnavailableProvider(`openai @ ${baseUrl}`, e instanceof Error ? e.message : String(e));
  }
  return new ChatModelProvider(model, { temperature: llm.temperature, seed: llm.seed, maxTokens: llm.maxTokens, web: deps.web });
}

/** `provider`'s LLM answers with `web`'s web access. */
export function withWeb(provider: IntelligenceProvider, web: WebDelegate): IntelligenceProvider {
  return {
    label: provider.label,
    execPrompt: (req, ctx) => provider.execPrompt(req, ctx),
    execPromptTemplate: (req, ctx) => provider.execPromptTemplate(req, ctx),
    webRequest: (req) => web.webRequest(req),
    webRender: (req) => web.webRender(req),
  };
}

/** A provider that cannot run: every request fails with the same one-line reason. */
export class UnavailableProvider implements IntelligenceProvider {
  constructor(
    readonly label: string,
    readonly reason: string,
  ) {}

  private fail(): never {
    throw new ProviderError(this.reason);
  }

  async execPrompt(_req: PromptRequest): Promise<string | Record<string, unknown>> {
    this.fail();
  }

  async execPromptTemplate(_req: TemplateRequest): Promise<boolean | string> {
    this.fail();
  }

  async webRequest(_req: WebRequest): Promise<WebResponse> {
    this.fail();
  }

  async webRender(_req: RenderRequest): Promise<RenderResult> {
    this.fail();
  }
}
