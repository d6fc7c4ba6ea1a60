// Threshold-PRF shares for a contract's state key travel like decryption shares: signed by the
// sending enclave (Ed25519) and sealed to the executing enclave's attested X25519 key
// (HKDF-SHA256 + AES-256-GCM, AAD = LP(committeeId, sender, recipient)). Never in clear.
import { gcm } from "@noble/ciphers/aes.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { verifyEd25519 } from "../ed25519-verify.js";
import { ConfidentialCryptoError, lengthPrefixed, u32be, utf8 } from "../group.js";
import type { PrfShare } from "../threshold-prf.js";
import { ENCLAVE_DST } from "./ceremony.js";
import type { SealedStateShare } from "./enclave-messages.js";
import { splitLengthPrefixed } from "./wire.js";

export interface SignedPrfShare {
  committeeId: Uint8Array;
  share: PrfShare;
  signature: Uint8Array;
}

/** LP(DST, committeeId, u32 id, S_i, c, z): what the sending enclave signs. */
export function prfShareSigningBytes(committeeId: Uint8Array, share: PrfShare): Uint8Array {
  return lengthPrefixed(utf8(ENCLAVE_DST.prfShareSignature), committeeId, u32be(share.id), share.sharePoint, share.challenge, share.response);
}

export function signPrfShare(committeeId: Uint8Array, share: PrfShare, signingSecretKey: Uint8Array): SignedPrfShare {
  return { committeeId, share, signature: ed25519.sign(prfShareSigningBytes(committeeId, share), signingSecretKey) };
}

export function prfShareSignatureValid(signed: SignedPrfShare, enclaveKey: Uint8Array): boolean {
  return verifyEd25519(signed.signature, prfShareSigningBytes(signed.committeeId, signed.share), enclaveKey);
}

/** Evidence bytes: LP(signing bytes, signature) — anyone can re-check the signature and the proof. */
export function encodeSignedPrfShare(signed: SignedPrfShare): Uint8Array {
  return lengthPrefixed(prfShareSigningBytes(signed.committeeId, signed.share), signed.signature);
}

function transportKey(shared: Uint8Array, ephemeralPublicKey: Uint8Array, committeeId: Uint8Array, sender: number, recipient: number) {
  const info = lengthPrefixed(utf8(ENCLAVE_DST.prfShareTransport), committeeId, u32be(sender), u32be(recipient));
  const okm = hkdf(sha256, shared, ephemeralPublicKey, info, 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

/** Seal for executing enclave `recipient` (ephemeral X25519 key from the caller's randomness scope). */
export function sealStateShare(signed: SignedPrfShare, recipient: number, recipientPublicKey: Uint8Array): SealedStateShare {
  const ephemeral = x25519.keygen();
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipientPublicKey);
  const sender = signed.share.id;
  const { key, nonce } = transportKey(shared, ephemeral.publicKey, signed.committeeId, sender, recipient);
  const aad = lengthPrefixed(signed.committeeId, u32be(sender), u32be(recipient));
  const payload = lengthPrefixed(signed.share.sharePoint, signed.share.challenge, signed.share.response, signed.signature);
  return { committeeId: signed.committeeId, sender, recipient, ephemeralPublicKey: ephemeral.publicKey, body: gcm(key, nonce, aad).encrypt(payload) };
}

/** Open inside the recipient; the share still has to pass its signature and DLEQ checks. */
export function openStateShare(sealed: SealedStateShare, recipient: number, recipientSecretKey: Uint8Array): SignedPrfShare {
  try {
    if (sealed.recipient !== recipient) throw new Error("recipient");
    const shared = x25519.getSharedSecret(recipientSecretKey, sealed.ephemeralPublicKey);
    const { key, nonce } = transportKey(shared, sealed.ephemeralPublicKey, sealed.committeeId, sealed.sender, recipient);
    const aad = lengthPrefixed(sealed.committeeId, u32be(sealed.sender), u32be(recipient));
    const parts = splitLengthPrefixed(gcm(key, nonce, aad).decrypt(sealed.body));
    if (parts.length !== 4) throw new Error("shape");
    const [sharePoint, challenge, response, signature] = parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    return { committeeId: sealed.committeeId, share: { id: sealed.sender, sharePoint, challenge, response }, signature };
  } catch {
    throw new ConfidentialCryptoError("share-unreadable", `state share from member ${sealed.sender} could not be opened`);
  }
}
