/** A validator's Python runtime in a browser Worker, loading Pyodide from /pyodide/. */
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { RuntimePool } from "../../src/core/runtime/runtime-pool";
import { SDK_FILES } from "./sdk-files";
import { spawnBrowserWorker } from "./spawn-browser-worker";

export function createBrowserRuntime(): PythonRuntime {
  if (!globalThis.crossOriginIsolated)
    throw new Error("validators need cross-origin isolation (COOP/COEP headers) to block on the host channel");
  return new PythonRuntime({
    spawn: spawnBrowserWorker,
    sdkFiles: SDK_FILES,
    indexURL: new URL(import.meta.env.BASE_URL + "pyodide/", location.href).href,
    memoryRecycleBytes: 512 * 1024 * 1024,
  });
}

/** `size` browser runtimes shared by a network's validators. */
export function createBrowserPool(size: number): RuntimePool {
  return new RuntimePool(Array.from({ length: Math.max(1, size) }, () => createBrowserRuntime()));
}
