/**
 * A scenario network whose validators run on a pool of Python runtimes with scripted intelligence:
 * what the CLI (Node worker threads) and the app (browser Workers) both build.
 */
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { ScriptedProvider } from "../runtime/providers/scripted";
import type { RuntimePool } from "../runtime/runtime-pool";
import { createEngineNetwork, type EngineNetwork } from "./engine-network";
import type { NetworkSpec } from "./network";

export function createPooledNetwork(spec: NetworkSpec, pool: RuntimePool, onDispose?: () => void): EngineNetwork {
  const executor = new PyodideValidatorExecutor({
    pool,
    settings: spec.settings,
    providerFor: (v) => new ScriptedProvider(spec.rules[v.id] ?? {}),
  });
  return createEngineNetwork(spec, executor, onDispose);
}
