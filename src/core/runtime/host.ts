/**
 * The host side of one execution: answers the synchronous requests Python makes through
 * `/dev/glhost` (protocol in src/sdk/README.md) using the validator's intelligence provider and a
 * read-only view of the chain. Every request and answer is recorded for the UI.
 */
import { Address, decode, encode, type CalldataValue, type EncodableValue } from "../calldata";
import type { HostCallRecord, SlotMap } from "./execution-types";
import {
  countTokens,
  ProviderError,
  type IntelligenceProvider,
  type ProviderCallContext,
  type TemplateName,
} from "./intelligence";

export type StorageState = "latest_nonfinal" | "latest_final";

export interface DeployedContractView {
  code: string;
  storage: SlotMap;
  balance: bigint;
}

/** What an execution may read of the rest of the chain. */
export interface ChainReader {
  getContract(address: Address, state: StorageState): DeployedContractView | null;
  getBalance(address: Address): bigint;
}

export interface HostOptions {
  provider: IntelligenceProvider;
  chain: ChainReader;
  /**
   * Limit on LLM tokens (prompt + answer) for the whole execution: the provider's reported usage
   * when it reports one, otherwise about four characters per token.
   */
  llmTokenLimit: number;
}

/**
 * The main host's answer to `ConfidentialSeal` / `ConfidentialOpen`: confidential state is sealed
 * and opened only inside a validator's attested enclave, which answers those requests itself.
 */
export const SEALED_OUTSIDE_ENCLAVE = "sealed: confidential state can only be read or written inside an attested enclave";

const STORAGE_STATES: StorageState[] = ["latest_nonfinal", "latest_final", "latest_nonfinal"];
const TEMPLATES: TemplateName[] = ["EqComparative", "EqNonComparativeLeader", "EqNonComparativeValidator"];

export class ExecutionHost {
  readonly calls: HostCallRecord[] = [];
  llmTokens = 0;

  constructor(private readonly options: HostOptions) {}

  /** The raw handler given to the Python runtime. */
  readonly handle = async (request: Uint8Array): Promise<Uint8Array> => {
    const started = performance.now();
    let name = "?";
    let payload: CalldataValue = null;
    let answer: EncodableValue;
    try {
      const msg = decode(request);
      if (!(msg instanceof Map) || msg.size !== 1) throw new ProviderError("malformed host request");
      [[name, payload]] = [...msg.entries()];
      answer = await this.dispatch(name, payload);
    } catch (e) {
      answer = { error: e instanceof Error ? e.message : String(e) };
    }
    const bytes = encode(answer);
    this.calls.push({ request: name, payload, answer: decode(bytes), ms: performance.now() - started });
    return bytes;
  };

  private async dispatch(name: string, p: CalldataValue): Promise<EncodableValue> {
    const { provider, chain } = this.options;
    switch (name) {
      case "ExecPrompt": {
        const prompt = str(field(p, "prompt"));
        const format = field(p, "response_format") === "json" ? "json" : "text";
        const imagesRaw = field(p, "images");
        const images = Array.isArray(imagesRaw) ? imagesRaw.filter((x): x is Uint8Array => x instanceof Uint8Array) : [];
        const answer = await this.metered(
          prompt,
          (ctx) => provider.execPrompt({ prompt, responseFormat: format, images }, ctx),
          (out) => (typeof out === "string" ? out : JSON.stringify(out)),
        );
        // JSON answers cross as text: LLM JSON may hold floats, which calldata cannot carry.
        return answer === null ? { abort: "out of intelligence gas" } : { ok: answer.text };
      }
      case "ExecPromptTemplate": {
        const template = str(field(p, "template")) as TemplateName;
        if (!TEMPLATES.includes(template)) throw new ProviderError(`unknown prompt template ${template}`);
        const vars: Record<string, string> = {};
        if (p instanceof Map) for (const [k, v] of p) if (k !== "template") vars[k] = typeof v === "string" ? v : String(v);
        const answer = await this.metered(
          Object.values(vars).join("\n"),
          (ctx) => provider.execPromptTemplate({ template, vars }, ctx),
          (out) => String(out),
        );
        return answer === null ? { abort: "out of intelligence gas" } : { ok: answer.out };
      }
      case "WebRequest": {
        const headersRaw = field(p, "headers");
        const headers: Record<string, string> = {};
        if (headersRaw instanceof Map)
          for (const [k, v] of headersRaw) headers[k] = v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v);
        const body = field(p, "body");
        const res = await provider.webRequest({
          url: str(field(p, "url")),
          method: str(field(p, "method") ?? "GET"),
          body: body instanceof Uint8Array || typeof body === "string" ? body : null,
          headers,
        });
        const outHeaders = new Map<string, Uint8Array>();
        for (const k of Object.keys(res.headers).sort()) outHeaders.set(k, new TextEncoder().encode(res.headers[k]));
        return { ok: { response: { status: res.status, headers: outHeaders, body: res.body } } };
      }
      case "WebRender": {
        const mode = str(field(p, "mode") ?? "text");
        if (mode !== "text" && mode !== "html" && mode !== "screenshot") throw new ProviderError(`unknown render mode ${mode}`);
        const res = await provider.webRender({
          url: str(field(p, "url")),
          mode,
          waitAfterLoaded: str(field(p, "wait_after_loaded") ?? "0ms"),
        });
        return { ok: res };
      }
      case "CallContract": {
        const address = addr(field(p, "address"));
        const stateIdx = Number(field(p, "state") ?? 0n);
        const view = chain.getContract(address, STORAGE_STATES[stateIdx] ?? "latest_nonfinal");
        if (!view) throw new ProviderError(`no contract at ${address.toChecksum()}`);
        const storage = new Map<string, Uint8Array>([...view.storage.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
        return { ok: { code: view.code, storage, balance: view.balance } };
      }
      case "GetBalance":
        return { ok: chain.getBalance(addr(field(p, "address"))) };
      case "ConfidentialSeal":
      case "ConfidentialOpen":
        throw new ProviderError(SEALED_OUTSIDE_ENCLAVE);
      default:
        throw new ProviderError(`unsupported host request ${name}`);
    }
  }

  /**
   * Runs one LLM call under the token limit: the request's estimate is charged first (so an
   * execution already over the limit never reaches the model), then replaced by the usage the
   * provider reports, even when the call fails; without a report the answer's estimate is added.
   * Null when the limit is exceeded.
   */
  private async metered<T>(
    requestText: string,
    call: (ctx: ProviderCallContext) => Promise<T>,
    answerText: (out: T) => string,
  ): Promise<{ out: T; text: string } | null> {
    const estimate = countTokens(requestText);
    this.llmTokens += estimate;
    if (this.llmTokens > this.options.llmTokenLimit) return null;
    const usage = { reported: false, tokens: 0 };
    const ctx: ProviderCallContext = {
      reportUsage(promptTokens, completionTokens) {
        usage.reported = true;
        usage.tokens += tokenCount(promptTokens) + tokenCount(completionTokens);
      },
    };
    let out: T;
    try {
      out = await call(ctx);
    } finally {
      if (usage.reported) this.llmTokens += usage.tokens - estimate;
    }
    const text = answerText(out);
    if (!usage.reported) this.llmTokens += countTokens(text);
    return this.llmTokens <= this.options.llmTokenLimit ? { out, text } : null;
  }
}

function tokenCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

function field(p: CalldataValue, key: string): CalldataValue | undefined {
  return p instanceof Map ? p.get(key) : undefined;
}

function str(v: CalldataValue | undefined): string {
  if (typeof v !== "string") throw new ProviderError("expected a string in host request");
  return v;
}

function addr(v: CalldataValue | undefined): Address {
  if (v instanceof Address) return v;
  if (v instanceof Uint8Array && v.length === 20) return new Address(v);
  throw new ProviderError("expected an address in host request");
}
