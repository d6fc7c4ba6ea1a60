// Data encapsulation for confidential arguments: HKDF-SHA256 from the KEM secret Z to a
// per-argument AES-256-GCM key and nonce, with the argument's label as AAD.
import { gcm } from "@noble/ciphers/aes.js";
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ConfidentialCryptoError, DST, type Point, concatBytes, encodePoint, lengthPrefixed, utf8 } from "./group.js";

export interface DemKey {
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
}

/** prk = extract(Z, salt = U‖Y); okm = expand(prk, LP(dst, sha256(label)), 44) → key(32) ‖ nonce(12). */
export function deriveDemKey(sharedPoint: Point, kemPoint: Point, publicKey: Point, label: Uint8Array): DemKey {
  const prk = extract(sha256, encodePoint(sharedPoint), concatBytes(encodePoint(kemPoint), encodePoint(publicKey)));
  const okm = expand(sha256, prk, lengthPrefixed(utf8(DST.dem), sha256(label)), 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

export function demSeal(demKey: DemKey, label: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return gcm(demKey.key, demKey.nonce, label).encrypt(plaintext);
}

export function demOpen(demKey: DemKey, label: Uint8Array, body: Uint8Array): Uint8Array {
  try {
    return gcm(demKey.key, demKey.nonce, label).decrypt(body);
  } catch {
    throw new ConfidentialCryptoError("dem-failed", "confidential argument could not be decrypted");
  }
}
