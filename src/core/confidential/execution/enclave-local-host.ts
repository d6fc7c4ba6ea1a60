/**
 * The host requests an enclave answers itself, inside its worker, so their contents never reach
 * the page: sealing and opening confidential state (AES-256-GCM-SIV under the contract's state
 * key) and, when the validator's LLM is scripted, the LLM and web requests too. Everything else
 * (reading other contracts, balances, an external LLM) returns undefined and goes to the main
 * thread as usual. Synchronous: the worker is blocked in Python while it asks.
 */
import { decode, encode, type CalldataValue, type EncodableValue } from "../../calldata";
import { countTokens, ProviderError, type TemplateName } from "../../runtime/intelligence";
import { SEALED_OUTSIDE_ENCLAVE } from "../../runtime/host";
import type { ScriptedProvider } from "../../runtime/providers/scripted";

/** Sealed-state access of one opened execution (the enclave's state cipher). */
export interface SealedStateAccess {
  seal(name: string, version: number, plaintext: Uint8Array): Uint8Array;
  open(name: string, sealed: Uint8Array): Uint8Array;
}

export interface EnclaveLocalHostOptions {
  /** Null outside a confidential contract: sealed fields then fail like on the main host. */
  state: SealedStateAccess | null;
  /** The validator's scripted LLM and web fixtures, evaluated inside the enclave; null: forward. */
  scripted: ScriptedProvider | null;
  llmTokenLimit: number;
}

export const SEALED_OUTSIDE = SEALED_OUTSIDE_ENCLAVE;
const LLM_REQUESTS = new Set(["ExecPrompt", "ExecPromptTemplate", "WebRequest", "WebRender"]);
const TEMPLATES: TemplateName[] = ["EqComparative", "EqNonComparativeLeader", "EqNonComparativeValidator"];

export class EnclaveLocalHost {
  llmTokens = 0;
  /** Names of the requests answered inside (their contents stay here). */
  readonly calls: string[] = [];

  constructor(private readonly options: EnclaveLocalHostOptions) {}

  readonly handle = (request: Uint8Array): Uint8Array | undefined => {
    let msg: CalldataValue;
    try {
      msg = decode(request);
    } catch {
      return undefined;
    }
    if (!(msg instanceof Map) || msg.size !== 1) return undefined;
    const [[name, payload]] = [...msg.entries()];
    if (name !== "ConfidentialSeal" && name !== "ConfidentialOpen" && !(LLM_REQUESTS.has(name) && this.options.scripted)) return undefined;
    this.calls.push(name);
    let answer: EncodableValue;
    try {
      answer = this.dispatch(name, payload);
    } catch (e) {
      answer = { error: e instanceof ProviderError || e instanceof LocalError ? e.message : "request failed inside the enclave (details withheld)" };
    }
    return encode(answer);
  };

  private dispatch(name: string, p: CalldataValue): EncodableValue {
    const { state } = this.options;
    if (name === "ConfidentialSeal" || name === "ConfidentialOpen") {
      if (!state) throw new LocalError(SEALED_OUTSIDE);
      const key = text(field(p, "name"));
      if (name === "ConfidentialSeal") {
        const version = field(p, "version");
        const plaintext = field(p, "plaintext");
        if (typeof version !== "bigint" || !(plaintext instanceof Uint8Array)) throw new LocalError("malformed ConfidentialSeal request");
        return { ok: state.seal(key, Number(version), plaintext) };
      }
      const sealed = field(p, "sealed");
      if (!(sealed instanceof Uint8Array)) throw new LocalError("malformed ConfidentialOpen request");
      try {
        return { ok: state.open(key, sealed) };
      } catch {
        throw new LocalError(`sealed value of ${key} does not open with this contract's state key`);
      }
    }
    return this.scripted(name, p);
  }

  private scripted(name: string, p: CalldataValue): EncodableValue {
    const provider = this.options.scripted!;
    try {
      switch (name) {
        case "ExecPrompt": {
          const prompt = text(field(p, "prompt"));
          const format = field(p, "response_format") === "json" ? "json" : "text";
          if (!this.charge(prompt)) return { abort: "out of intelligence gas" };
          const out = provider.execPromptSync({ prompt, responseFormat: format, images: [] });
          const answer = typeof out === "string" ? out : JSON.stringify(out);
          return this.charge(answer) ? { ok: answer } : { abort: "out of intelligence gas" };
        }
        case "ExecPromptTemplate": {
          const template = text(field(p, "template")) as TemplateName;
          if (!TEMPLATES.includes(template)) throw new LocalError(`unknown prompt template ${template}`);
          const vars: Record<string, string> = {};
          if (p instanceof Map) for (const [k, v] of p) if (k !== "template") vars[k] = typeof v === "string" ? v : String(v);
          if (!this.charge(Object.values(vars).join("\n"))) return { abort: "out of intelligence gas" };
          const out = provider.execPromptTemplateSync({ template, vars });
          return this.charge(String(out)) ? { ok: out } : { abort: "out of intelligence gas" };
        }
        case "WebRequest": {
          const res = provider.webRequestSync({ url: text(field(p, "url")), method: "GET", body: null, headers: {} });
          const headers = new Map<string, Uint8Array>();
          for (const k of Object.keys(res.headers).sort()) headers.set(k, new TextEncoder().encode(res.headers[k]));
          return { ok: { response: { status: res.status, headers, body: res.body } } };
        }
        default: {
          const mode = text(field(p, "mode") ?? "text");
          if (mode !== "text" && mode !== "html" && mode !== "screenshot") throw new LocalError(`unknown render mode ${mode}`);
          return { ok: provider.webRenderSync({ url: text(field(p, "url")), mode, waitAfterLoaded: "0ms" }) };
        }
      }
    } catch (e) {
      if (e instanceof LocalError) throw e;
      // The provider's own message may quote the prompt: keep it inside.
      throw new LocalError(`the in-enclave ${name === "ExecPrompt" || name === "ExecPromptTemplate" ? "LLM" : "web fixture"} had no answer (details stay in the enclave)`);
    }
  }

  private charge(s: string): boolean {
    this.llmTokens += countTokens(s);
    return this.llmTokens <= this.options.llmTokenLimit;
  }
}

class LocalError extends Error {}

function field(p: CalldataValue, key: string): CalldataValue | undefined {
  return p instanceof Map ? p.get(key) : undefined;
}

function text(v: CalldataValue | undefined): string {
  if (typeof v !== "string") throw new LocalError("expected a string in host request");
  return v;
}
