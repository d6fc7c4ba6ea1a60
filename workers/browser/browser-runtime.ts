/** A validator's Python runtime in a browser Worker, loading Pyodide from /pyodide/. */
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { RuntimePool } from "../../src/core/runtime/runtime-pool";
import { compiledInterpreter } from "./compiled-interpreter";
import { InterpreterSnapshots } from "./interpreter-snapshots";
import { SDK_FILES } from "./sdk-files";
import { prespawnBrowserWorkers, spawnBrowserWorker } from "./spawn-browser-worker";

let snapshots: InterpreterSnapshots | null = null;

/** The page's one snapshot store: validator and editor workers all restore the same interpreter. */
export function interpreterSnapshots(): InterpreterSnapshots {
  snapshots ??= new InterpreterSnapshots({
    spawn: spawnBrowserWorker,
    indexURL: pyodideURL(),
    sdkFiles: SDK_FILES,
    wasmModule: () => compiledInterpreter(pyodideURL()),
  });
  return snapshots;
}

function pyodideURL(): string {
  return new URL(import.meta.env.BASE_URL + "pyodide/", location.href).href;
}

export function createBrowserRuntime(opts: { bootAfter?: () => Promise<void> } = {}): PythonRuntime {
  if (!globalThis.crossOriginIsolated)
    throw new Error("validators need cross-origin isolation (COOP/COEP headers) to block on the host channel");
  return new PythonRuntime({
    spawn: spawnBrowserWorker,
    sdkFiles: SDK_FILES,
    indexURL: pyodideURL(),
    memoryRecycleBytes: 512 * 1024 * 1024,
    snapshot: interpreterSnapshots(),
    wasmModule: () => compiledInterpreter(pyodideURL()),
    ...opts,
  });
}

/** `size` browser runtimes shared by a network's validators. */
export function createBrowserPool(size: number): RuntimePool {
  return new RuntimePool(Array.from({ length: Math.max(1, size) }, () => createBrowserRuntime()));
}

/**
 * What every visit needs, started before the app renders: `workers` validator Workers loading
 * their script, the interpreter's compile, and the snapshot (looked up, or made on a first visit).
 */
export function startPythonEarly(workers: number): void {
  if (!globalThis.crossOriginIsolated) return;
  prespawnBrowserWorkers(workers);
  void compiledInterpreter(pyodideURL());
  void interpreterSnapshots().get();
}
