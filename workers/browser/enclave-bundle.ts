/**
 * Enclave workers in the browser start from measured bytes: the built validator worker bundle is
 * fetched once, MRENCLAVE = SHA-256 of exactly those bytes, and every enclave Worker is started
 * from a Blob URL of the same bytes (so what runs is what was measured). On the dev server the
 * worker is an unbundled module with imports, which a Blob URL cannot resolve: there the worker
 * starts from its URL and `startedFromMeasuredBytes` says so.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import validatorWorkerUrl from "./validator.worker.ts?worker&url";
import { wrapValidatorWorker } from "./spawn-browser-worker";
import type { SpawnedWorker } from "../../src/core/runtime/python-runtime";

export interface EnclaveBundle {
  url: string;
  /** The exact bytes measured (and, in builds, started from). */
  bytes: Uint8Array;
  measurement: Uint8Array;
  byteLength: number;
  startedFromMeasuredBytes: boolean;
  blobUrl: string | null;
}

let loaded: Promise<EnclaveBundle> | null = null;

export function loadEnclaveBundle(): Promise<EnclaveBundle> {
  loaded ??= (async () => {
    const res = await fetch(validatorWorkerUrl);
    if (!res.ok) throw new Error(`could not load the enclave worker bundle (${res.status})`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const fromBytes = !import.meta.env.DEV;
    return {
      url: validatorWorkerUrl,
      bytes,
      measurement: sha256(bytes),
      byteLength: bytes.length,
      startedFromMeasuredBytes: fromBytes,
      blobUrl: fromBytes ? URL.createObjectURL(new Blob([bytes], { type: "text/javascript" })) : null,
    };
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}

export function spawnEnclaveWorker(bundle: EnclaveBundle, name: string): SpawnedWorker {
  return wrapValidatorWorker(new Worker(bundle.blobUrl ?? new URL(bundle.url, location.href), { type: "module", name }));
}
