/**
 * An intelligence provider over any chat model: `exec_prompt` text and JSON answers and the
 * equivalence-principle templates, with JSON extracted from whatever the model wrote and one retry
 * with a stricter instruction when it wrote nothing usable. Every failure of the model (network,
 * HTTP errors, quota, timeout, garbage) becomes a one-line `ProviderError`, which the contract sees
 * as a non-deterministic error and the validator's vote carries as its reason.
 */
import {
  countTokens,
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type ProviderCallContext,
  type RenderRequest,
  type RenderResult,
  type TemplateRequest,
  type WebRequest,
  type WebResponse,
} from "../runtime/intelligence";
import type { ChatMessage, ChatModel, ChatResponse } from "./chat-model";
import { extractJson, isPlainObject, JsonExtractError } from "./json-extract";
import { looksLikeTemplateAnswer, parseTemplateAnswer, renderTemplate, templateRetryInstruction } from "./templates";

/** Web access a chat provider delegates to (models do not fetch pages). */
export type WebDelegate = Pick<IntelligenceProvider, "webRequest" | "webRender">;

export interface ChatProviderOptions {
  /** Per-validator sampling settings. */
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  web?: WebDelegate;
  /** Defaults to the model's label. */
  label?: string;
}

const JSON_SYSTEM = "Reply with exactly one JSON object and nothing else: no prose before or after it, no code fences.";
const PREVIOUS_REPLY_LIMIT = 2000;

export const NO_WEB_ACCESS: WebDelegate = {
  webRequest: async () => {
    throw new ProviderError("web access is not configured");
  },
  webRender: async () => {
    throw new ProviderError("web access is not configured");
  },
};

interface JsonAsk<T> {
  accept: (value: unknown) => boolean;
  shape: string;
  convert: (value: unknown) => T;
  retryInstruction: (problem: string) => string;
}

export class ChatModelProvider implements IntelligenceProvider {
  readonly label: string;
  private readonly web: WebDelegate;

  constructor(
    private readonly model: ChatModel,
    private readonly options: ChatProviderOptions = {},
  ) {
    this.label = options.label ?? model.label;
    this.web = options.web ?? NO_WEB_ACCESS;
  }

  async execPrompt(req: PromptRequest, ctx?: ProviderCallContext): Promise<string | Record<string, unknown>> {
    const user: ChatMessage = req.images.length > 0 ? { role: "user", content: req.prompt, images: req.images } : { role: "user", content: req.prompt };
    if (req.responseFormat === "text") return (await this.ask([user], false, ctx)).text;
    return this.askJson([{ role: "system", content: JSON_SYSTEM }, user], ctx, {
      accept: isPlainObject,
      shape: "a JSON object",
      convert: (v) => v as Record<string, unknown>,
      retryInstruction: (problem) =>
        `Your previous reply could not be used (${problem}). Reply again with only the JSON object asked for above: no other text, no code fences.`,
    });
  }

  async execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext): Promise<boolean | string> {
    return this.askJson(renderTemplate(req), ctx, {
      accept: looksLikeTemplateAnswer,
      shape: 'an object with "result"',
      convert: (v) => parseTemplateAnswer(req.template, v),
      retryInstruction: (problem) => templateRetryInstruction(req.template, problem),
    });
  }

  webRequest(req: WebRequest): Promise<WebResponse> {
    return this.web.webRequest(req);
  }

  webRender(req: RenderRequest): Promise<RenderResult> {
    return this.web.webRender(req);
  }

  /** Asks in JSON mode; on an unusable answer asks once more, showing the model its reply. */
  private async askJson<T>(messages: ChatMessage[], ctx: ProviderCallContext | undefined, how: JsonAsk<T>): Promise<T> {
    let problem = "";
    let previous = "";
    for (let attempt = 0; attempt < 2; attempt++) {
      const conversation: ChatMessage[] =
        attempt === 0
          ? messages
          : [...messages, { role: "assistant", content: previous.slice(0, PREVIOUS_REPLY_LIMIT) }, { role: "user", content: how.retryInstruction(problem) }];
      const res = await this.ask(conversation, true, ctx);
      try {
        return how.convert(extractJson(res.text, { accept: how.accept, shape: how.shape }));
      } catch (e) {
        if (!(e instanceof JsonExtractError || e instanceof ProviderError)) throw e;
        problem = e.message;
        previous = res.text;
      }
    }
    throw new ProviderError(`${this.label} gave no usable answer after a retry: ${problem}`);
  }

  /** One model call; reports its token usage (the model's own counts, else an estimate). */
  private async ask(messages: ChatMessage[], json: boolean, ctx: ProviderCallContext | undefined): Promise<ChatResponse> {
    const { temperature, seed, maxTokens } = this.options;
    let res: ChatResponse;
    try {
      res = await this.model.complete({ messages, json, temperature, seed, maxTokens });
    } catch (e) {
      throw asProviderError(e, this.label);
    }
    if (typeof res?.text !== "string") throw new ProviderError(`${this.label} returned no text`);
    const promptEstimate = messages.reduce((n, m) => n + countTokens(m.content), 0);
    ctx?.reportUsage(res.usage?.promptTokens ?? promptEstimate, res.usage?.completionTokens ?? countTokens(res.text));
    return res;
  }
}

/** Any failure of a model as a one-line ProviderError. */
export function asProviderError(e: unknown, label: string): ProviderError {
  if (e instanceof ProviderError && !/[\r\n]/.test(e.message)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const flat = message.replace(/\s+/g, " ").trim() || "unknown error";
  const text = e instanceof ProviderError ? flat : `${label} failed: ${flat}`;
  return new ProviderError(text.length > 300 ? text.slice(0, 297) + "..." : text);
}
