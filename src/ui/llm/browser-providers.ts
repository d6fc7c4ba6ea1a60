/**
 * The app's validator intelligence: scripted rules, recorded answers and OpenAI-compatible servers
 * as in scenarios (`scenarioProvider`; API keys from this browser's storage), plus WebLLM (a model
 * in this browser, on WebGPU). Every validator reads the web through the fixtures first, then —
 * when this browser's web settings allow it — the real network (optionally via a CORS proxy).
 */
import type { ValidatorConfig } from "../../core/consensus/types";
import { ChatModelProvider } from "../../core/intelligence/chat-provider";
import { UnavailableProvider } from "../../core/intelligence/provider-factory";
import type { IntelligenceProvider } from "../../core/runtime/intelligence";
import type { NetworkSpec } from "../../core/scenario/network";
import { scenarioProvider, type ProviderFor } from "../../core/scenario/pooled-network";
import { webLlm, type WebLlmClient } from "../../../workers/browser/webllm-client";
import { readWebSettings } from "../web-settings";
import { browserSecrets } from "./secrets";

export function makeBrowserProviderFor(client: Pick<WebLlmClient, "chatModel" | "prepare">, origin?: string): ProviderFor {
  return (spec: NetworkSpec, v: ValidatorConfig): IntelligenceProvider =>
    scenarioProvider(spec, v, {
      secrets: browserSecrets,
      appOrigin: origin,
      web: readWebSettings(),
      builders: {
        webllm: (llm, deps) => {
          let model: ReturnType<typeof client.chatModel>;
          try {
            model = client.chatModel(llm.model);
          } catch (e) {
            return new UnavailableProvider(`webllm ${llm.model ?? ""}`.trim(), (e instanceof Error ? e.message : String(e)).split("\n")[0]);
          }
          // A validator uses WebLLM: check WebGPU and start the worker now (the model loads on Load).
          void client.prepare();
          return new ChatModelProvider(model, { temperature: llm.temperature, seed: llm.seed, maxTokens: llm.maxTokens, web: deps.web });
        },
      },
    });
}

/** What the app's network factory passes to `createPooledNetwork`. */
export const browserProviderFor: ProviderFor = makeBrowserProviderFor(webLlm, globalThis.location?.origin);
