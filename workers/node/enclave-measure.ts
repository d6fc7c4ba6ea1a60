/**
 * The Node enclave thread's measured bytes. Node threads load TypeScript sources through tsx
 * rather than one bundle, so the "bundle" is the sources the thread runs (the worker adapters,
 * the runtime, the calldata codec and the confidential code), in path order, each name and body
 * length-prefixed. MRENCLAVE = SHA-256 of these bytes; any edit to them changes it. The browser
 * measures its single built worker bundle instead (workers/browser/enclave-bundle.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "@noble/hashes/sha2.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MEASURED_DIRS = ["workers", "src/core/calldata", "src/core/runtime", "src/core/confidential"];

let cached: Uint8Array | null = null;

export function nodeEnclaveBundle(): Uint8Array {
  if (cached) return cached;
  const files: string[] = [];
  for (const dir of MEASURED_DIRS) walk(path.join(ROOT, dir), files);
  files.sort();
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const name = new TextEncoder().encode(path.relative(ROOT, f).split(path.sep).join("/"));
    parts.push(u32(name.length), name, u32(bytes.length), bytes);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  cached = out;
  return out;
}

export function nodeEnclaveMeasurement(): Uint8Array {
  return sha256(nodeEnclaveBundle());
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(full);
  }
}

function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}
