/** Intelligence gas in ExecutionHost: a provider's reported token usage replaces the estimate. */
import { describe, expect, it } from "vitest";
import { decode, encode, type EncodableValue } from "../calldata";
import { ExecutionHost, type ChainReader } from "./host";
import { countTokens, ProviderError, type IntelligenceProvider, type ProviderCallContext } from "./intelligence";
import { ScriptedProvider } from "./providers/scripted";

const NO_CHAIN: ChainReader = { getContract: () => null, getBalance: () => 0n };

/** Answers every prompt with `answer` after reporting the given usages (one per model call). */
class ReportingProvider implements IntelligenceProvider {
  readonly label = "reporting";
  calls = 0;
  constructor(
    private readonly usages: [number, number][],
    private readonly answer: string | Error = "fine",
  ) {}
  private async run<T>(ctx: ProviderCallContext | undefined, ok: T): Promise<T> {
    this.calls++;
    for (const [p, c] of this.usages) ctx?.reportUsage(p, c);
    if (this.answer instanceof Error) throw this.answer;
    return ok;
  }
  execPrompt(_req: unknown, ctx?: ProviderCallContext) {
    return this.run(ctx, this.answer as string);
  }
  execPromptTemplate(_req: unknown, ctx?: ProviderCallContext) {
    return this.run(ctx, true);
  }
  webRequest(): never {
    throw new ProviderError("no web");
  }
  webRender(): never {
    throw new ProviderError("no web");
  }
}

function hostWith(provider: IntelligenceProvider, llmTokenLimit = 10_000) {
  return new ExecutionHost({ provider, chain: NO_CHAIN, llmTokenLimit });
}

async function ask(host: ExecutionHost, name: string, payload: EncodableValue) {
  return decode(await host.handle(encode({ [name]: payload })));
}

const prompt = (text: string) => ({ prompt: text, response_format: "text", images: [] });
const LONG = "Describe the weather in Lisbon today. ".repeat(20);

describe("ExecutionHost intelligence gas", () => {
  it("uses the provider's reported usage instead of the estimate", async () => {
    const host = hostWith(new ReportingProvider([[7, 3]]));
    expect(await ask(host, "ExecPrompt", prompt(LONG))).toEqual(new Map([["ok", "fine"]]));
    expect(countTokens(LONG)).toBeGreaterThan(100);
    expect(host.llmTokens).toBe(10);
  });

  it("sums several reports for one call (a retry) and meters templates the same way", async () => {
    const host = hostWith(new ReportingProvider([[100, 20], [130, 6]]));
    await ask(host, "ExecPromptTemplate", { template: "EqComparative", leader_answer: "a", validator_answer: "b", principle: "p" });
    expect(host.llmTokens).toBe(256);
  });

  it("falls back to four characters per token when nothing is reported", async () => {
    const host = hostWith(new ScriptedProvider({ prompts: [{ match: "Lisbon", answer: "Sunny and 24 degrees." }] }));
    await ask(host, "ExecPrompt", prompt(LONG));
    expect(host.llmTokens).toBe(countTokens(LONG) + countTokens("Sunny and 24 degrees."));
  });

  it("aborts when the reported usage exceeds the limit although the estimate did not", async () => {
    const host = hostWith(new ReportingProvider([[40, 30]]), 50);
    expect(countTokens("short question")).toBeLessThan(50);
    expect(await ask(host, "ExecPrompt", prompt("short question"))).toEqual(new Map([["abort", "out of intelligence gas"]]));
  });

  it("does not call the provider when the prompt's estimate is already over the limit", async () => {
    const provider = new ReportingProvider([[1, 1]]);
    const host = hostWith(provider, 20);
    expect(await ask(host, "ExecPrompt", prompt(LONG))).toEqual(new Map([["abort", "out of intelligence gas"]]));
    expect(provider.calls).toBe(0);
  });

  it("charges the usage of a call that failed, and the contract gets the provider's reason", async () => {
    const host = hostWith(new ReportingProvider([[50, 9], [60, 4]], new ProviderError("model gave no usable answer after a retry")));
    expect(await ask(host, "ExecPrompt", prompt(LONG))).toEqual(new Map([["error", "model gave no usable answer after a retry"]]));
    expect(host.llmTokens).toBe(123);
  });
});
