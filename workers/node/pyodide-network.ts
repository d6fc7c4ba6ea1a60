/** A scenario network on the consensus engine with Pyodide validators in Node worker threads. */
import { PyodideValidatorExecutor } from "../../src/core/consensus/validator-executor";
import { ScriptedProvider } from "../../src/core/runtime/providers/scripted";
import { createEngineNetwork, type EngineNetwork } from "../../src/core/scenario/engine-network";
import type { NetworkSpec } from "../../src/core/scenario/network";
import { createNodePool } from "./node-runtime";

/** The engine with `spec.runtimes` Pyodide workers shared by the validators. */
export function createPyodideNetwork(spec: NetworkSpec): EngineNetwork {
  const pool = createNodePool(spec.runtimes);
  const executor = new PyodideValidatorExecutor({
    pool,
    settings: spec.settings,
    providerFor: (v) => new ScriptedProvider(spec.rules[v.id] ?? {}),
  });
  return createEngineNetwork(spec, executor, () => pool.terminate());
}
