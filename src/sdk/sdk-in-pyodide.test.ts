/**
 * Runs the SDK's own Python tests (src/sdk/tests/test_*.py) inside Pyodide — the interpreter the
 * validators use — one vitest case per Python test function.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";

const SDK_DIR = fileURLToPath(new URL(".", import.meta.url));
const TESTDATA_DIR = fileURLToPath(new URL("../core/testdata", import.meta.url));
const EXAMPLES_DIR = fileURLToPath(new URL("../../contracts-examples", import.meta.url));
const TESTS_DIR = join(SDK_DIR, "tests");

function collect(from: string, to: string, keep: (name: string) => boolean, out: Record<string, Uint8Array>) {
  for (const name of readdirSync(from)) {
    const full = join(from, name);
    if (statSync(full).isDirectory()) {
      if (name !== "__pycache__" && name !== "node_modules") collect(full, `${to}/${name}`, keep, out);
    } else if (keep(name)) out[`${to}/${relative(from, full)}`] = readFileSync(full);
  }
  return out;
}

const tests: [string, string][] = [];
for (const file of readdirSync(TESTS_DIR).filter((f) => /^test_.*\.py$/.test(f)).sort()) {
  const source = readFileSync(join(TESTS_DIR, file), "utf8");
  for (const m of source.matchAll(/^def (test_\w+)\s*\(/gm)) tests.push([file.replace(/\.py$/, ""), m[1]]);
}

let results: Record<string, string> = {};

beforeAll(async () => {
  const files: Record<string, Uint8Array> = {};
  collect(SDK_DIR, "/sdk", (n) => n.endsWith(".py"), files);
  collect(TESTDATA_DIR, "/testdata", (n) => n.endsWith(".py") || n.endsWith(".json"), files);
  collect(EXAMPLES_DIR, "/contracts-examples", (n) => n.endsWith(".py"), files); // test_confidential_examples.py
  results = await new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./pyodide-test-thread.mjs", import.meta.url), {
      workerData: { files, tests },
      resourceLimits: { stackSizeMb: 64 },
    });
    worker.once("message", (m) => {
      resolve(m as Record<string, string>);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}, 600_000);

const byModule = new Map<string, string[]>();
for (const [mod, name] of tests) byModule.set(mod, [...(byModule.get(mod) ?? []), name]);

for (const [mod, names] of byModule) {
  describe(`python ${mod}`, () => {
    for (const name of names) it(name, () => expect(results[`${mod}.${name}`]).toBe(""));
  });
}
