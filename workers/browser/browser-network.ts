/** A scenario network on the consensus engine with Pyodide validators in browser Workers. */
import { createPooledNetwork } from "../../src/core/scenario/pooled-network";
import type { EngineNetwork } from "../../src/core/scenario/engine-network";
import type { NetworkSpec } from "../../src/core/scenario/network";
import { createBrowserPool } from "./browser-runtime";
import { browserEnclaveHosting } from "./browser-enclaves";

export function createBrowserNetwork(spec: NetworkSpec): EngineNetwork {
  const pool = createBrowserPool(spec.runtimes);
  return createPooledNetwork(spec, pool, () => pool.terminate(), undefined, browserEnclaveHosting);
}
