/** A validator's Python runtime in a Node worker thread, with our SDK read from src/sdk. */
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { RuntimePool } from "../../src/core/runtime/runtime-pool";
import { readSdkFiles } from "./sdk-files";
import { spawnNodeWorker } from "./spawn-node-worker";

// Interpreters are capped at 1 GiB (wasm-memory-cap); one that grew past half of that is replaced.
export const MEMORY_RECYCLE_BYTES = 512 * 1024 * 1024;

export function createNodeRuntime(): PythonRuntime {
  return new PythonRuntime({
    spawn: spawnNodeWorker,
    sdkFiles: readSdkFiles(),
    memoryRecycleBytes: MEMORY_RECYCLE_BYTES,
  });
}

/** `size` Node runtimes shared by a network's validators. */
export function createNodePool(size: number): RuntimePool {
  return new RuntimePool(Array.from({ length: Math.max(1, size) }, () => createNodeRuntime()));
}
