import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { capWasmMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "./workers/wasm-memory-cap";

const require = createRequire(import.meta.url);
const PYODIDE_DIR = path.dirname(require.resolve("pyodide/package.json"));
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const MIME: Record<string, string> = {
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".json": "application/json",
};

/**
 * A Pyodide file as served: the interpreter's wasm with its memory maximum already capped, so the
 * page can compile it while it streams in (and Chromium can keep the compiled code between visits).
 */
function pyodideFile(name: string): Uint8Array {
  const bytes = new Uint8Array(fs.readFileSync(path.join(PYODIDE_DIR, name)));
  return name.endsWith(".wasm") ? capWasmMemory(bytes, DEFAULT_MEMORY_LIMIT_BYTES) : bytes;
}

/** Serves Pyodide's runtime files at /pyodide/ in dev and emits them into dist/pyodide/ on build. */
function pyodideAssets(): Plugin {
  return {
    name: "pyodide-assets",
    configureServer(server) {
      server.middlewares.use("/pyodide", (req, res, next) => {
        const name = (req.url ?? "").split("?")[0].replace(/^\//, "");
        if (!PYODIDE_FILES.includes(name)) return next();
        res.setHeader("Content-Type", MIME[path.extname(name)] ?? "application/octet-stream");
        res.end(pyodideFile(name));
      });
    },
    generateBundle() {
      for (const f of PYODIDE_FILES) this.emitFile({ type: "asset", fileName: `pyodide/${f}`, source: pyodideFile(f) });
    },
  };
}

// Cross-origin isolation: validators block on SharedArrayBuffer + Atomics while the host answers.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  plugins: [react(), pyodideAssets()],
  optimizeDeps: { exclude: ["pyodide"] },
  worker: { format: "es" },
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  build: {
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("./index.html", import.meta.url)),
        "forms-test": fileURLToPath(new URL("./forms-test.html", import.meta.url)),
        "persistence-test": fileURLToPath(new URL("./persistence-test.html", import.meta.url)),
        // the contract editor alone, for e2e/editor.spec.ts
        "editor-test": fileURLToPath(new URL("./editor-test.html", import.meta.url)),
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts", "workers/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
