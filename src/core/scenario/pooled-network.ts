/**
 * A scenario network whose validators run on a pool of Python runtimes: what the CLI (Node worker
 * threads) and the app (browser Workers) both build. Each validator's intelligence comes from its
 * `llm` setting (`scenarioProvider`), unless the caller passes its own `providerFor`.
 */
import type { ValidatorConfig } from "../consensus/types";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { createProvider, withWeb, type ProviderDeps } from "../intelligence/provider-factory";
import { ReplayProvider } from "../intelligence/recorded";
import { WebAccess, type FetchFunction } from "../intelligence/web-access";
import type { IntelligenceProvider } from "../runtime/intelligence";
import { ScriptedProvider } from "../runtime/providers/scripted";
import type { RuntimePool } from "../runtime/runtime-pool";
import { createEngineNetwork, type EngineNetwork } from "./engine-network";
import { createConfidentialSide, RoutingForwarder, type ConfidentialSide, type EnclaveHosting } from "../confidential/execution/enclave-hosting";
import type { NetworkSpec } from "./network";

export type ProviderFor = (spec: NetworkSpec, validator: ValidatorConfig) => IntelligenceProvider;

/**
 * `hosting`: how enclave workers are started here; validators with `enclave: true` then get their
 * own enclave worker each (confidential contracts run there, everything else on the pool). Without
 * it, a spec with enclave validators fails its confidential deploys with a one-line reason.
 */
export function createPooledNetwork(
  spec: NetworkSpec,
  pool: RuntimePool,
  onDispose?: () => void,
  providerFor: ProviderFor = scenarioProvider,
  hosting?: EnclaveHosting,
): EngineNetwork {
  const routing = new RoutingForwarder();
  const executor = new PyodideValidatorExecutor({
    pool,
    settings: spec.settings,
    providerFor: (v) => providerFor(spec, v),
    confidential: routing,
  });
  let side: ConfidentialSide | null = null;
  return createEngineNetwork(
    spec,
    executor,
    () => {
      side?.terminate();
      onDispose?.();
    },
    hosting
      ? (network) => {
          side = createConfidentialSide(spec, network, hosting);
          routing.target = side?.network ?? null;
          return side?.network;
        }
      : undefined,
  );
}

/** Real web access beyond the scenario's fixtures (off by default: runs stay reproducible). */
export interface WebSettings {
  allowNetwork?: boolean;
  corsProxy?: string;
  fetch?: FetchFunction;
}

export interface ScenarioProviderOptions extends Omit<ProviderDeps, "scriptedRules" | "web"> {
  web?: WebSettings;
}

/**
 * A validator's intelligence in a scenario: recorded answers, scripted rules, or a model
 * (OpenAI-compatible; WebLLM needs a builder from the app). Web requests go to the scenario's
 * fixtures first, then — only when `web.allowNetwork` — to the real network (optionally through a
 * CORS proxy). With the network off, scripted validators behave exactly as `ScriptedProvider`.
 */
export function scenarioProvider(spec: NetworkSpec, validator: ValidatorConfig, opts: ScenarioProviderOptions = {}): IntelligenceProvider {
  if (validator.llm.provider === "recorded") return new ReplayProvider(spec.recordings?.[validator.id] ?? [], validator.id);
  const rules = spec.rules[validator.id] ?? {};
  const web = new WebAccess({ fixtures: rules.web ?? [], allowNetwork: opts.web?.allowNetwork ?? false, corsProxy: opts.web?.corsProxy, fetch: opts.web?.fetch });
  if (validator.llm.provider === "scripted") {
    const scripted = new ScriptedProvider(rules);
    return opts.web?.allowNetwork ? withWeb(scripted, web) : scripted;
  }
  return createProvider(validator.llm, { ...opts, scriptedRules: rules, web });
}
