// Seeded randomness for the emulated enclaves and for deterministic client encryption.
// Emulation choice: an enclave's secrets come from a seed handed in at boot (derived from the
// network seed) so that the same scenario and seed replay byte for byte.
import { rngChacha20 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { lengthPrefixed, utf8 } from "../group.js";

/** Returns `length` fresh random bytes. */
export type RandomSource = (length: number) => Uint8Array;

/** A ChaCha20 stream (noble's rngChacha20) keyed by HKDF(seed, label): one independent stream per label. */
export function seededRandomSource(seed: Uint8Array, label: string, ...context: Uint8Array[]): RandomSource {
  const key = hkdf(sha256, seed, utf8("GL-CIC-v1:enclave-rng"), lengthPrefixed(utf8(label), ...context), 32);
  const prg = rngChacha20(key);
  return (length) => prg.randomBytes(length);
}

/** `sha256(LP("GL-CIC-v1:enclave-seed", networkSeed, validatorId))`: the seed a validator's enclave boots with. */
export function deriveEnclaveSeed(networkSeed: Uint8Array, validatorId: string): Uint8Array {
  return sha256(lengthPrefixed(utf8("GL-CIC-v1:enclave-seed"), networkSeed, utf8(validatorId)));
}

type RandomValues = <T extends ArrayBufferView | null>(array: T) => T;

/**
 * Runs `run` with every random draw routed to `source`. The crypto core (noble) reads
 * `globalThis.crypto.getRandomValues` at call time for polynomials, proof nonces and ephemeral
 * keys; shadowing it for the length of one synchronous call makes those draws come from the
 * enclave's seeded stream. The original is restored afterwards (also after a throw; nesting is
 * fine). Synchronous functions only: an async `run` would escape the scope, so it is refused.
 */
export function withRandomSource<T>(source: RandomSource, run: () => T): T {
  const target = globalThis.crypto as unknown as { getRandomValues: RandomValues };
  const own = Object.getOwnPropertyDescriptor(target, "getRandomValues");
  const seeded: RandomValues = (array) => {
    if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(source(array.byteLength));
    return array;
  };
  Object.defineProperty(target, "getRandomValues", { value: seeded, configurable: true, writable: true });
  try {
    const result = run();
    if (result instanceof Promise) throw new Error("withRandomSource only runs synchronous functions");
    return result;
  } finally {
    if (own) Object.defineProperty(target, "getRandomValues", own);
    else delete (target as { getRandomValues?: RandomValues }).getRandomValues;
  }
}
