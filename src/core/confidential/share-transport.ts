// Decryption shares never travel in clear: each signed share is sealed to one executing enclave's
// attested X25519 key (HKDF-SHA256 + AES-256-GCM, AAD = LP(ctId, sender, recipient)).
import { gcm } from "@noble/ciphers/aes.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SignedDecryptionShare } from "./decryption-share.js";
import { ConfidentialCryptoError, DST, lengthPrefixed, u32be, utf8 } from "./group.js";

export interface SealedShare {
  readonly ctId: Uint8Array;
  readonly sender: number;
  readonly recipient: number;
  readonly ephemeralPublicKey: Uint8Array;
  readonly body: Uint8Array;
}

function transportKey(shared: Uint8Array, ephemeralPublicKey: Uint8Array, ctId: Uint8Array, sender: number, recipient: number) {
  const info = lengthPrefixed(utf8(DST.shareTransport), ctId, u32be(sender), u32be(recipient));
  const okm = hkdf(sha256, shared, ephemeralPublicKey, info, 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

function payload(signed: SignedDecryptionShare): Uint8Array {
  const { share } = signed;
  return lengthPrefixed(share.sharePoint, share.challenge, share.response, signed.signature);
}

/** Seal a signed share for executing enclave `recipient` (its attested X25519 public key). */
export function sealShare(signed: SignedDecryptionShare, recipient: number, recipientPublicKey: Uint8Array): SealedShare {
  const ephemeral = x25519.keygen();
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipientPublicKey);
  const { ctId, id } = signed.share;
  const { key, nonce } = transportKey(shared, ephemeral.publicKey, ctId, id, recipient);
  const aad = lengthPrefixed(ctId, u32be(id), u32be(recipient));
  return { ctId, sender: id, recipient, ephemeralPublicKey: ephemeral.publicKey, body: gcm(key, nonce, aad).encrypt(payload(signed)) };
}

function splitPayload(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new Error("truncated");
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, false);
    if (offset + 4 + length > bytes.length) throw new Error("truncated");
    parts.push(bytes.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

/** Open inside recipient enclave `recipient`; the share still has to pass verifyDecryptionShare. */
export function openShare(sealed: SealedShare, recipient: number, recipientSecretKey: Uint8Array): SignedDecryptionShare {
  try {
    if (sealed.recipient !== recipient) throw new Error("recipient");
    const shared = x25519.getSharedSecret(recipientSecretKey, sealed.ephemeralPublicKey);
    const { key, nonce } = transportKey(shared, sealed.ephemeralPublicKey, sealed.ctId, sealed.sender, recipient);
    const aad = lengthPrefixed(sealed.ctId, u32be(sealed.sender), u32be(recipient));
    const parts = splitPayload(gcm(key, nonce, aad).decrypt(sealed.body));
    if (parts.length !== 4) throw new Error("shape");
    const [sharePoint, challenge, response, signature] = parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    return { share: { ctId: sealed.ctId, id: sealed.sender, sharePoint, challenge, response }, signature };
  } catch {
    throw new ConfidentialCryptoError("share-unreadable", `decryption share from member ${sealed.sender} could not be opened`);
  }
}
