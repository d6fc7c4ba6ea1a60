/**
 * Interpreter snapshots in the browser: one throwaway worker starts Python and imports the SDK,
 * its memory is kept in Cache Storage, and every validator and editor worker restores from it
 * instead of starting Python itself (≈ 0.4 s of CPU instead of ≈ 2 s each; see BENCHMARKS.md).
 * Every worker restores the same bytes, so their interpreters are identical. Without Cache Storage
 * the bytes are handed to each boot; any failure means workers start Python as before.
 */
import { version as PYODIDE_VERSION } from "pyodide/package.json";
import type { SnapshotSource } from "../python-engine";
import { BOOT_PY } from "../engine-boot-script";
import { snapshotKey } from "../../src/core/runtime/snapshot-key";
import type { SpawnedWorker } from "../../src/core/runtime/python-runtime";

export const SNAPSHOT_CACHE = "genlayer-playground-interpreter";

export interface SnapshotStoreOptions {
  spawn: () => SpawnedWorker;
  indexURL: string;
  sdkFiles: Record<string, string>;
  /** The interpreter compiled once by the page (see compiled-interpreter.ts). */
  wasmModule?: () => Promise<WebAssembly.Module | null>;
}

export class InterpreterSnapshots {
  private pending: Promise<SnapshotSource | null> | null = null;
  private readonly url: string;

  constructor(private readonly options: SnapshotStoreOptions) {
    const key = snapshotKey({ pyodideVersion: PYODIDE_VERSION, bootScript: BOOT_PY, sdkFiles: options.sdkFiles });
    this.url = new URL(`interpreter-snapshot/${key}`, options.indexURL).href;
  }

  /** The snapshot every boot starts from (made once per page if the cache has none); null: none. */
  get(): Promise<SnapshotSource | null> {
    this.pending ??= this.find().catch(() => null);
    return this.pending;
  }

  /** A worker could not use the snapshot: forget it, so the next boot makes a fresh one. */
  failed(_reason: string): void {
    this.pending = null;
    void openCache()
      .then((cache) => cache?.delete(this.url))
      .catch(() => undefined);
  }

  private async find(): Promise<SnapshotSource | null> {
    const cache = await openCache().catch(() => null);
    if (cache && (await cache.match(this.url))) return { cacheName: SNAPSHOT_CACHE, key: this.url };
    const bytes = await this.make();
    if (!cache) return { bytes };
    try {
      for (const old of await cache.keys()) if (old.url !== this.url) await cache.delete(old);
      await cache.put(this.url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": "application/octet-stream" } }));
      return { cacheName: SNAPSHOT_CACHE, key: this.url };
    } catch {
      return { bytes }; // storage full or refused: hand the bytes over instead
    }
  }

  private async make(): Promise<Uint8Array> {
    const maker = this.options.spawn();
    try {
      const wasmModule = await this.options.wasmModule?.().catch(() => null);
      const init = { indexURL: this.options.indexURL, sdkFiles: this.options.sdkFiles };
      return await maker.api.makeSnapshot({ ...init, ...(wasmModule && { wasmModule }) });
    } finally {
      maker.terminate();
    }
  }
}

async function openCache(): Promise<Cache | null> {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  return storage ? storage.open(SNAPSHOT_CACHE) : null;
}
