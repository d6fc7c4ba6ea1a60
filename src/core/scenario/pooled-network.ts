/**
 * A scenario network whose validators run on a pool of Python runtimes with scripted intelligence
 * (or, for validators with `llm.provider: "recorded"`, the scenario's recorded answers): what the
 * CLI (Node worker threads) and the app (browser Workers) both build.
 */
import type { ValidatorConfig } from "../consensus/types";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { ReplayProvider } from "../intelligence/recorded";
import type { IntelligenceProvider } from "../runtime/intelligence";
import { ScriptedProvider } from "../runtime/providers/scripted";
import type { RuntimePool } from "../runtime/runtime-pool";
import { createEngineNetwork, type EngineNetwork } from "./engine-network";
import type { NetworkSpec } from "./network";

export function createPooledNetwork(spec: NetworkSpec, pool: RuntimePool, onDispose?: () => void): EngineNetwork {
  const executor = new PyodideValidatorExecutor({
    pool,
    settings: spec.settings,
    providerFor: (v) => scenarioProvider(spec, v),
  });
  return createEngineNetwork(spec, executor, onDispose);
}

/** A validator's intelligence in a scenario: its recorded answers, or its scripted rules. */
export function scenarioProvider(spec: NetworkSpec, validator: ValidatorConfig): IntelligenceProvider {
  if (validator.llm.provider === "recorded") return new ReplayProvider(spec.recordings?.[validator.id] ?? [], validator.id);
  return new ScriptedProvider(spec.rules[validator.id] ?? {});
}
