/** A scenario network on the consensus engine with Pyodide validators in Node worker threads. */
import { createPooledNetwork } from "../../src/core/scenario/pooled-network";
import type { EngineNetwork } from "../../src/core/scenario/engine-network";
import type { NetworkSpec } from "../../src/core/scenario/network";
import { createNodePool } from "./node-runtime";
import { nodeEnclaveHosting } from "./node-enclaves";

/** The engine with `spec.runtimes` Pyodide workers shared by the validators. */
export function createPyodideNetwork(spec: NetworkSpec): EngineNetwork {
  const pool = createNodePool(spec.runtimes);
  return createPooledNetwork(spec, pool, () => pool.terminate(), undefined, nodeEnclaveHosting);
}
