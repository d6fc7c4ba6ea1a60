/** The LLM settings' actions: a validator's `llm` config, API keys (this browser only), WebLLM loads. */
import type { LlmConfig } from "../../core/consensus/types";
import type { PlaygroundSession } from "../../core/session";
import type { ActionRegistry } from "../actions";
import { webLlm } from "../../../workers/browser/webllm-client";
import { setApiKey } from "./secrets";

export interface ValidatorLlmArg {
  id: string;
  llm: LlmConfig;
}

export function registerLlmActions(r: ActionRegistry, s: PlaygroundSession): void {
  const st = () => s.getState();
  r.register<ValidatorLlmArg>({
    id: "validators.llm",
    label: "Change a validator's LLM",
    palette: false,
    enabled: () => st().network === "ready" && !st().busy && !st().setupLocked,
    run: (a) => void s.updateValidator(a!.id, { llm: withoutUnset(a!.llm) }),
  });
  r.register<{ baseUrl: string; key: string }>({
    id: "llm.apiKey",
    label: "Store an API key in this browser",
    palette: false,
    run: (a) => setApiKey(a!.baseUrl, a!.key),
  });
  r.register<string | undefined>({
    id: "webllm.load",
    label: "Load a WebLLM model",
    palette: false,
    // Failures show in the settings through webLlm.store (one line).
    run: (model) => webLlm.load(model).catch(() => undefined),
  });
}

/** Drops fields left empty so scenarios stay minimal. */
function withoutUnset(llm: LlmConfig): LlmConfig {
  return Object.fromEntries(Object.entries(llm).filter(([, v]) => v !== undefined && v !== "")) as unknown as LlmConfig;
}
