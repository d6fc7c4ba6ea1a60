/**
 * Pyodide's interpreter compiled once by the page and handed to every Python worker (a
 * WebAssembly.Module can be posted to workers of a cross-origin isolated page): one compile and
 * one set of optimised code instead of one per worker. The bytes get the same memory cap each
 * worker would apply. Any failure means each worker compiles its own copy, as before.
 */
import { capWasmMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "../wasm-memory-cap";

const compiled = new Map<string, Promise<WebAssembly.Module | null>>();

export function compiledInterpreter(indexURL: string): Promise<WebAssembly.Module | null> {
  let module = compiled.get(indexURL);
  if (!module) {
    module = (async () => {
      const response = await fetch(new URL("pyodide.asm.wasm", indexURL));
      if (!response.ok) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
      return WebAssembly.compile(capWasmMemory(new Uint8Array(await response.arrayBuffer()), DEFAULT_MEMORY_LIMIT_BYTES) as Uint8Array<ArrayBuffer>);
    })().catch(() => null);
    compiled.set(indexURL, module);
  }
  return module;
}
