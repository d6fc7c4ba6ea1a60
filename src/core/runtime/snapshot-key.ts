/**
 * The name an interpreter snapshot is kept under: a snapshot is only good for the Pyodide build,
 * boot script and SDK files it was made from, so all three are in its key (a stale one is never
 * found, rather than found and refused).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "../calldata";

export function snapshotKey(parts: { pyodideVersion: string; bootScript: string; sdkFiles: Record<string, string> }): string {
  const files = Object.keys(parts.sdkFiles)
    .sort()
    .map((path) => [path, parts.sdkFiles[path]]);
  const text = JSON.stringify([parts.pyodideVersion, parts.bootScript, files]);
  return bytesToHex(sha256(new TextEncoder().encode(text))).slice(0, 32);
}
