import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { capWasmMemory } from "./wasm-memory-cap";

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

  it("leaves other bytes alone", () => {
    const notWasm = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(capWasmMemory(notWasm, 1 << 30)).toBe(notWasm);
  });
});
