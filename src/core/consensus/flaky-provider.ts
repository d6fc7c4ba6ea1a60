/**
 * "Flaky LLM" behaviour: wraps a validator's provider so that about half of its answers fail, chosen
 * by a hash of the validator, the transaction and the request (deterministic, never random).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import {
  ProviderError,
  type IntelligenceProvider,
  type PromptRequest,
  type ProviderCallContext,
  type RenderRequest,
  type TemplateRequest,
  type WebRequest,
} from "../runtime/intelligence";

export class FlakyProvider implements IntelligenceProvider {
  readonly label: string;

  constructor(
    private readonly inner: IntelligenceProvider,
    private readonly salt: string,
  ) {
    this.label = `${inner.label} (flaky)`;
  }

  private check(what: string): void {
    const h = keccak_256(new TextEncoder().encode(`${this.salt}|${what}`));
    if (h[0] & 1) throw new ProviderError("flaky LLM: the provider failed to answer (simulated outage)");
  }

  execPrompt(req: PromptRequest, ctx?: ProviderCallContext) {
    this.check(req.prompt);
    return this.inner.execPrompt(req, ctx);
  }

  execPromptTemplate(req: TemplateRequest, ctx?: ProviderCallContext) {
    this.check(req.template + JSON.stringify(req.vars));
    return this.inner.execPromptTemplate(req, ctx);
  }

  webRequest(req: WebRequest) {
    return this.inner.webRequest(req);
  }

  webRender(req: RenderRequest) {
    return this.inner.webRender(req);
  }
}
