/** A scenario network on the consensus engine with Pyodide validators in browser Workers. */
import { PyodideValidatorExecutor } from "../../src/core/consensus/validator-executor";
import { ScriptedProvider } from "../../src/core/runtime/providers/scripted";
import { createEngineNetwork, type EngineNetwork } from "../../src/core/scenario/engine-network";
import type { NetworkSpec } from "../../src/core/scenario/network";
import { createBrowserPool } from "./browser-runtime";

export function createBrowserNetwork(spec: NetworkSpec): EngineNetwork {
  const pool = createBrowserPool(spec.runtimes);
  const executor = new PyodideValidatorExecutor({
    pool,
    settings: spec.settings,
    providerFor: (v) => new ScriptedProvider(spec.rules[v.id] ?? {}),
  });
  return createEngineNetwork(spec, executor, () => pool.terminate());
}
