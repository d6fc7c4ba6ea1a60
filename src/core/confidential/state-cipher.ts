/**
 * Confidential contract state at rest. Every validator derives the same per-contract key from the
 * same key material (the threshold PRF output, computed elsewhere) and encrypts each storage slot
 * with AES-256-GCM-SIV under a nonce derived from (slot id, version), so all validators write
 * byte-identical ciphertexts and the state root (which covers the ciphertexts) agrees.
 *
 *   K_c        = HKDF-SHA256(ikm = key material, salt = LP("state", chainId, contract, stateKeyVersion),
 *                            info = "GL-CIC-v1:state-key")
 *   subkeys    = HKDF-Expand(K_c, "GL-CIC-v1:state-{enc,slot,nonce}") (one key per primitive)
 *   slotId     = HMAC(K_slot, LP("slot", name))                     hides slot names
 *   nonce      = HMAC(K_nonce, LP("nonce", slotId, u64(version)))[0..12]
 *   aad        = LP(contract, slotId, u64(version), u32(stateKeyVersion))
 *   ciphertext = AES-256-GCM-SIV(K_enc, nonce, aad)(value)
 *
 * GCM-SIV rather than GCM: re-running the same version with other data would reuse a GCM nonce
 * (fatal); SIV then only reveals whether two plaintexts are equal. Moving a ciphertext to another
 * slot, contract, version or key version fails authentication; rolling back to an older
 * (version, ciphertext) pair is caught by comparing the version with the committed state.
 */
import { gcmsiv } from "@noble/ciphers/aes.js";
import { expand, hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { DST, lengthPrefixed, u32be, u64be, utf8 } from "./group.js";

function contractBytes(contract: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(contract)) throw new Error(`invalid contract address: ${contract}`);
  return Uint8Array.from(contract.slice(2).match(/../g)!, (h) => parseInt(h, 16));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface StateKeyInput {
  /** The threshold PRF output for this contract (or any ≥ 32 secret bytes all validators share). */
  keyMaterial: Uint8Array;
  chainId: number;
  contract: string; // 0x + 40 hex
  stateKeyVersion: number;
}

/** One encrypted storage slot as stored on chain. */
export interface EncryptedSlot {
  slotId: Uint8Array; // 32
  version: number;
  stateKeyVersion: number;
  ciphertext: Uint8Array; // value ‖ 16-byte tag
}

/** The first error a confidential slot can fail with, as one line. */
export class StateCipherError extends Error {
  override name = "StateCipherError";
}

export class ContractStateCipher {
  readonly contract: string;
  readonly stateKeyVersion: number;
  readonly #contractBytes: Uint8Array;
  readonly #encKey: Uint8Array;
  readonly #slotKey: Uint8Array;
  readonly #nonceKey: Uint8Array;

  constructor(input: StateKeyInput) {
    if (input.keyMaterial.length < 32) throw new StateCipherError("state key material must be at least 32 bytes");
    this.contract = input.contract.toLowerCase();
    this.stateKeyVersion = input.stateKeyVersion;
    this.#contractBytes = contractBytes(input.contract);
    const salt = lengthPrefixed(utf8("state"), u64be(input.chainId), this.#contractBytes, u32be(input.stateKeyVersion));
    const contractKey = hkdf(sha256, input.keyMaterial, salt, utf8(DST.stateKey), 32);
    this.#encKey = expand(sha256, contractKey, utf8("GL-CIC-v1:state-enc"), 32);
    this.#slotKey = expand(sha256, contractKey, utf8("GL-CIC-v1:state-slot"), 32);
    this.#nonceKey = expand(sha256, contractKey, utf8("GL-CIC-v1:state-nonce"), 32);
  }

  /** The slot's on-chain id: a keyed hash, so names are hidden from whoever reads the state. */
  slotId(name: string): Uint8Array {
    return hmac(sha256, this.#slotKey, lengthPrefixed(utf8("slot"), utf8(name)));
  }

  /** Deterministic: the same (slot, version, value) gives the same bytes on every validator. */
  seal(slotId: Uint8Array, version: number, value: Uint8Array): EncryptedSlot {
    const ciphertext = gcmsiv(this.#encKey, this.#nonce(slotId, version), this.#aad(slotId, version)).encrypt(value);
    return { slotId: slotId.slice(), version, stateKeyVersion: this.stateKeyVersion, ciphertext };
  }

  /**
   * Decrypts a slot whose committed version is `committedVersion`. Fails (one line) when the
   * version differs (rollback), the key version differs, or the bytes do not authenticate for this
   * contract, slot and version (tampering, slot swap, cross-contract replay).
   */
  open(slot: EncryptedSlot, committedVersion: number): Uint8Array {
    if (slot.version !== committedVersion)
      throw new StateCipherError(`confidential slot has version ${slot.version}, the committed state has ${committedVersion}`);
    if (slot.stateKeyVersion !== this.stateKeyVersion)
      throw new StateCipherError(`confidential slot is under state key version ${slot.stateKeyVersion}, expected ${this.stateKeyVersion}`);
    try {
      return gcmsiv(this.#encKey, this.#nonce(slot.slotId, slot.version), this.#aad(slot.slotId, slot.version)).decrypt(slot.ciphertext);
    } catch {
      throw new StateCipherError(`confidential slot ${hex(slot.slotId).slice(0, 12)}… of ${this.contract} failed authentication`);
    }
  }

  #nonce(slotId: Uint8Array, version: number): Uint8Array {
    return hmac(sha256, this.#nonceKey, lengthPrefixed(utf8("nonce"), slotId, u64be(version))).slice(0, 12);
  }

  #aad(slotId: Uint8Array, version: number): Uint8Array {
    return lengthPrefixed(this.#contractBytes, slotId, u64be(version), u32be(this.stateKeyVersion));
  }
}

/**
 * State root over the encrypted slots (order-independent: sorted by slot id): it commits to the
 * ciphertexts, versions and key versions, so validators agree on it without the plaintext.
 */
export function encryptedStateRoot(contract: string, slots: readonly EncryptedSlot[]): Uint8Array {
  const sorted = [...slots].sort((a, b) => (hex(a.slotId) < hex(b.slotId) ? -1 : hex(a.slotId) > hex(b.slotId) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++)
    if (hex(sorted[i].slotId) === hex(sorted[i - 1].slotId)) throw new StateCipherError("confidential state has a slot twice");
  const entries = sorted.map((s) => lengthPrefixed(s.slotId, u64be(s.version), u32be(s.stateKeyVersion), s.ciphertext));
  return sha256(lengthPrefixed(utf8("GL-CIC-v1:state-root"), contractBytes(contract), ...entries));
}
