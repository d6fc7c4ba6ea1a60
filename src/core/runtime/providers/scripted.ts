/**
 * Deterministic scripted intelligence: regex rules on the prompt → answer, per template kind, and
 * web fixtures by URL. The default for examples and tests; the UI labels it "scripted".
 */
import {
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type RenderRequest,
  type RenderResult,
  type TemplateName,
  type TemplateRequest,
  type WebRequest,
  type WebResponse,
} from "../intelligence";

export interface PromptRule {
  /** Regular expression source tested against the prompt. */
  match: string;
  flags?: string;
  /** Text, or an object for `response_format='json'`. */
  answer: string | Record<string, unknown>;
}

export interface TemplateRule {
  template: TemplateName;
  /** Optional regex tested against the template's variables joined by newlines. */
  match?: string;
  answer: boolean | string;
}

export interface WebRule {
  match: string;
  status?: number;
  headers?: Record<string, string>;
  /** Response body (also the rendered text unless `text` is given). */
  body?: string;
  text?: string;
  html?: string;
}

export interface ScriptedRules {
  prompts?: PromptRule[];
  templates?: TemplateRule[];
  web?: WebRule[];
}

const DEFAULT_TEMPLATE_ANSWERS: Partial<Record<TemplateName, boolean>> = {
  EqComparative: true,
  EqNonComparativeValidator: true,
};

export class ScriptedProvider implements IntelligenceProvider {
  readonly label = "scripted";

  constructor(private readonly rules: ScriptedRules = {}) {}

  async execPrompt(req: PromptRequest): Promise<string | Record<string, unknown>> {
    return this.execPromptSync(req);
  }

  async execPromptTemplate(req: TemplateRequest): Promise<boolean | string> {
    return this.execPromptTemplateSync(req);
  }

  async webRequest(req: WebRequest): Promise<WebResponse> {
    return this.webRequestSync(req);
  }

  async webRender(req: RenderRequest): Promise<RenderResult> {
    return this.webRenderSync(req);
  }

  /** The same answers synchronously (an enclave worker blocked in Python cannot await). */
  execPromptSync(req: PromptRequest): string | Record<string, unknown> {
    for (const rule of this.rules.prompts ?? []) {
      if (new RegExp(rule.match, rule.flags ?? "s").test(req.prompt)) {
        if (req.responseFormat === "json" && typeof rule.answer === "string") {
          try {
            return JSON.parse(rule.answer) as Record<string, unknown>;
          } catch {
            throw new ProviderError(`scripted answer is not JSON for a json prompt: ${rule.answer.slice(0, 60)}`);
          }
        }
        return rule.answer;
      }
    }
    throw new ProviderError(`no scripted answer for prompt: ${oneLine(req.prompt)}`);
  }

  execPromptTemplateSync(req: TemplateRequest): boolean | string {
    const text = Object.values(req.vars).join("\n");
    for (const rule of this.rules.templates ?? []) {
      if (rule.template !== req.template) continue;
      if (rule.match && !new RegExp(rule.match, "s").test(text)) continue;
      return rule.answer;
    }
    const fallback = DEFAULT_TEMPLATE_ANSWERS[req.template];
    if (fallback !== undefined) return fallback;
    throw new ProviderError(`no scripted answer for ${req.template}: ${oneLine(req.vars.task ?? text)}`);
  }

  webRequestSync(req: WebRequest): WebResponse {
    const rule = this.webRule(req.url);
    return {
      status: rule.status ?? 200,
      headers: rule.headers ?? {},
      body: new TextEncoder().encode(rule.body ?? rule.text ?? rule.html ?? ""),
    };
  }

  webRenderSync(req: RenderRequest): RenderResult {
    const rule = this.webRule(req.url);
    if (req.mode === "screenshot") throw new ProviderError("scripted web fixtures have no screenshots");
    if (req.mode === "html") return { text: rule.html ?? rule.body ?? rule.text ?? "" };
    return { text: rule.text ?? stripTags(rule.body ?? rule.html ?? "") };
  }

  private webRule(url: string): WebRule {
    const rule = (this.rules.web ?? []).find((r) => new RegExp(r.match).test(url));
    if (!rule) throw new ProviderError(`no web fixture for ${url} (the playground has no live web access in scripted mode)`);
    return rule;
  }
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? flat.slice(0, 77) + "..." : flat;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}
