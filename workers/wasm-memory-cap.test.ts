import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { capWasmMemory, installCompiledModule, isMemoryCapped } from "./wasm-memory-cap";

const require = createRequire(import.meta.url);
const wasm = new Uint8Array(readFileSync(require.resolve("pyodide/pyodide.asm.wasm")));

describe("wasm memory cap", () => {
  it("lowers Pyodide's memory maximum in place and the module still compiles", async () => {
    const capped = capWasmMemory(wasm, 1024 * 1024 * 1024);
    expect(capped.length).toBe(wasm.length);
    const diff = capped.findIndex((b, i) => b !== wasm[i]);
    expect(diff).toBeGreaterThan(0);
    const module = await WebAssembly.compile(capped as Uint8Array<ArrayBuffer>);
    const mem = WebAssembly.Module.exports(module).find((e) => e.kind === "memory");
    expect(mem).toBeTruthy();
  });

  it("tells from the first bytes whether a module is already capped (what the build serves)", () => {
    const GiB = 1024 * 1024 * 1024;
    const capped = capWasmMemory(wasm, GiB);
    expect(isMemoryCapped(wasm, GiB)).toBe(false);
    expect(isMemoryCapped(capped, GiB)).toBe(true);
    expect(isMemoryCapped(capped.subarray(0, 256 * 1024), GiB)).toBe(true);
    expect(isMemoryCapped(capped, GiB / 2)).toBe(false);
    expect(isMemoryCapped(capped.subarray(0, 100), GiB)).toBe(false); // the memory section is further in
    expect(isMemoryCapped(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), GiB)).toBe(false);
  });

  it("leaves other bytes alone", () => {
    const notWasm = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(capWasmMemory(notWasm, 1 << 30)).toBe(notWasm);
  });

  it("instantiates the page's compiled module instead of compiling what Pyodide fetched or read", async () => {
    // (module (func (export "which") (result i32) i32.const N))
    const tiny = (n: number) =>
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 9, 1, 5, 119, 104, 105, 99, 104, 0, 0, 10, 6, 1, 4, 0, 65, n, 11]);
    const W = WebAssembly as unknown as Record<string, unknown>;
    const saved = { instantiate: W.instantiate, instantiateStreaming: W.instantiateStreaming };
    try {
      installCompiledModule(await WebAssembly.compile(tiny(7)));
      const which = (r: unknown) => ((r as WebAssembly.WebAssemblyInstantiatedSource).instance.exports.which as () => number)();
      expect(which(await WebAssembly.instantiate(tiny(1), {}))).toBe(7);
      let cancelled = false;
      const response = { body: { cancel: async () => void (cancelled = true) } } as unknown as Response;
      expect(which(await WebAssembly.instantiateStreaming(Promise.resolve(response), {}))).toBe(7);
      expect(cancelled).toBe(true);
      // a Module passed in is still instantiated as itself
      const own = await WebAssembly.instantiate(await WebAssembly.compile(tiny(3)), {});
      expect((own.exports.which as () => number)()).toBe(3);
    } finally {
      Object.assign(W, saved);
    }
  });
});
