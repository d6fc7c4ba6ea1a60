/**
 * Pyodide's interpreter compiled once by the page and handed to every Python worker (a
 * WebAssembly.Module can be posted to workers of a cross-origin isolated page): one compile and
 * one set of optimised code instead of one per worker. The build serves the wasm with its memory
 * already capped (vite.config.ts), so the page compiles it as it streams in, which also lets
 * Chromium keep the compiled code between visits; the cap is checked on the first bytes, and a
 * file without it is patched and compiled from bytes instead. Any failure means each worker
 * compiles its own copy, as before.
 */
import { capWasmMemory, DEFAULT_MEMORY_LIMIT_BYTES, isMemoryCapped, releaseBuffer } from "../wasm-memory-cap";

const compiled = new Map<string, Promise<WebAssembly.Module | null>>();
/** Enough of Pyodide's wasm to reach its memory section (≈ 37 KB in). */
const HEAD_BYTES = 256 * 1024;

export function compiledInterpreter(indexURL: string): Promise<WebAssembly.Module | null> {
  let module = compiled.get(indexURL);
  if (!module) {
    module = compile(new URL("pyodide.asm.wasm", indexURL).href).catch(() => null);
    compiled.set(indexURL, module);
  }
  return module;
}

async function compile(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
  if (isMemoryCapped(await head(response.clone().body!, HEAD_BYTES), DEFAULT_MEMORY_LIMIT_BYTES)) {
    return WebAssembly.compileStreaming(response);
  }
  const raw = new Uint8Array(await response.arrayBuffer());
  const capped = capWasmMemory(raw, DEFAULT_MEMORY_LIMIT_BYTES);
  if (capped !== raw) releaseBuffer(raw.buffer);
  const module = WebAssembly.compile(capped as Uint8Array<ArrayBuffer>); // takes its own copy of the bytes
  releaseBuffer(capped.buffer);
  return module;
}

/** The first `n` bytes of `body` (fewer if it is shorter); the rest is not read. */
async function head(body: ReadableStream<Uint8Array>, n: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const out = new Uint8Array(n);
  let filled = 0;
  try {
    while (filled < n) {
      const { done, value } = await reader.read();
      if (done) break;
      out.set(value.subarray(0, n - filled), filled);
      filled += Math.min(value.byteLength, n - filled);
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}
