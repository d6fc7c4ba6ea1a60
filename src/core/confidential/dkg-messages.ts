// Wire messages of the DKG ceremony (dealer bundles, complaints, justifications), their canonical
// signed encodings, and the per-recipient deal encryption (X25519 + HKDF-SHA256 + AES-256-GCM).
import { gcm } from "@noble/ciphers/aes.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { verifyEd25519 } from "./ed25519-verify.js";
import { ConfidentialCryptoError, DST, concatBytes, lengthPrefixed, u32be, utf8 } from "./group.js";

export interface DkgMember {
  readonly id: number;
  /** Enclave Ed25519 key: signs bundles, complaints and justifications. */
  readonly signingPublicKey: Uint8Array;
  /** Enclave X25519 key: receives encrypted deals. */
  readonly encryptionPublicKey: Uint8Array;
}

export interface DkgConfig {
  /** Fresh 32 bytes from the committee contract; binds every message to this ceremony. */
  readonly sessionId: Uint8Array;
  readonly threshold: number;
  readonly members: readonly DkgMember[];
}

/** Secrets held inside one enclave. */
export interface DkgIdentity {
  readonly id: number;
  readonly signingSecretKey: Uint8Array;
  readonly encryptionSecretKey: Uint8Array;
  /** X25519 results by the dealer's ephemeral key (hex), for one round: a dealer's deals of both keys cost one exchange. */
  readonly sharedSecrets?: Map<string, Uint8Array>;
}

export interface EncryptedDeal {
  readonly recipient: number;
  readonly ephemeralPublicKey: Uint8Array;
  readonly body: Uint8Array;
}

export interface DealerBundle {
  readonly sessionId: Uint8Array;
  readonly dealer: number;
  /** C_i0 … C_i,t−1 (32-byte ristretto encodings). */
  readonly commitments: readonly Uint8Array[];
  /** Schnorr PoK of a_i0: R and μ. */
  readonly pokCommitment: Uint8Array;
  readonly pokResponse: Uint8Array;
  readonly deals: readonly EncryptedDeal[];
  readonly signature: Uint8Array;
}

export interface Complaint {
  readonly sessionId: Uint8Array;
  readonly accuser: number;
  readonly dealer: number;
  readonly reason: string;
  readonly signature: Uint8Array;
}

/** The dealer's answer to a complaint: the share s_ij in clear, checked by everyone. */
export interface Justification {
  readonly sessionId: Uint8Array;
  readonly dealer: number;
  readonly recipient: number;
  readonly share: Uint8Array;
  readonly signature: Uint8Array;
}

export function newDkgIdentity(id: number): { identity: DkgIdentity; member: DkgMember } {
  const signing = ed25519.keygen();
  const encryption = x25519.keygen();
  return {
    identity: { id, signingSecretKey: signing.secretKey, encryptionSecretKey: encryption.secretKey },
    member: { id, signingPublicKey: signing.publicKey, encryptionPublicKey: encryption.publicKey },
  };
}

export function bundleSigningBytes(bundle: Omit<DealerBundle, "signature">): Uint8Array {
  return lengthPrefixed(
    utf8(DST.dkgBundle),
    bundle.sessionId,
    u32be(bundle.dealer),
    u32be(bundle.commitments.length),
    ...bundle.commitments,
    bundle.pokCommitment,
    bundle.pokResponse,
    u32be(bundle.deals.length),
    ...bundle.deals.flatMap((deal) => [u32be(deal.recipient), deal.ephemeralPublicKey, deal.body]),
  );
}

export function complaintSigningBytes(complaint: Omit<Complaint, "signature" | "reason">): Uint8Array {
  return lengthPrefixed(utf8(DST.dkgComplaint), complaint.sessionId, u32be(complaint.accuser), u32be(complaint.dealer));
}

export function justificationSigningBytes(justification: Omit<Justification, "signature">): Uint8Array {
  return lengthPrefixed(
    utf8(DST.dkgJustification), justification.sessionId, u32be(justification.dealer), u32be(justification.recipient), justification.share,
  );
}

export function signMessage(bytes: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed25519.sign(bytes, secretKey);
}

export function verifySignature(signature: Uint8Array, bytes: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyEd25519(signature, bytes, publicKey);
}

function dealAad(sessionId: Uint8Array, dealer: number, recipient: number, commitments: readonly Uint8Array[]): Uint8Array {
  return lengthPrefixed(sessionId, u32be(dealer), u32be(recipient), sha256(concatBytes(...commitments)));
}

function dealKey(shared: Uint8Array, ephemeralPublicKey: Uint8Array, sessionId: Uint8Array, dealer: number, recipient: number) {
  const okm = hkdf(sha256, shared, ephemeralPublicKey, lengthPrefixed(utf8(DST.dkgDeal), sessionId, u32be(dealer), u32be(recipient)), 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * One dealer's ephemeral X25519 key for all its deals of one round (every recipient, both keys):
 * one key pair, and one exchange per recipient, instead of both per deal. Every deal still gets
 * its own key and nonce: the HKDF info names the session, the dealer and the recipient.
 * Create it inside the dealer's randomness scope.
 */
export class DealEphemeral {
  readonly publicKey: Uint8Array;
  readonly #secretKey: Uint8Array;
  readonly #shared = new Map<string, Uint8Array>();

  constructor() {
    const pair = x25519.keygen();
    this.publicKey = pair.publicKey;
    this.#secretKey = pair.secretKey;
  }

  sharedWith(recipientKey: Uint8Array): Uint8Array {
    const key = hex(recipientKey);
    let shared = this.#shared.get(key);
    if (!shared) {
      shared = x25519.getSharedSecret(this.#secretKey, recipientKey);
      this.#shared.set(key, shared);
    }
    return shared;
  }
}

/** Encrypt s_ij to recipient j's X25519 key (a fresh ephemeral key unless the dealer's round key is given). */
export function sealDeal(
  recipient: DkgMember, sessionId: Uint8Array, dealer: number, commitments: readonly Uint8Array[], share: Uint8Array,
  ephemeral: DealEphemeral = new DealEphemeral(),
): EncryptedDeal {
  const shared = ephemeral.sharedWith(recipient.encryptionPublicKey);
  const { key, nonce } = dealKey(shared, ephemeral.publicKey, sessionId, dealer, recipient.id);
  const body = gcm(key, nonce, dealAad(sessionId, dealer, recipient.id, commitments)).encrypt(share);
  return { recipient: recipient.id, ephemeralPublicKey: ephemeral.publicKey.slice(), body };
}

export function openDeal(
  identity: DkgIdentity, sessionId: Uint8Array, dealer: number, commitments: readonly Uint8Array[], deal: EncryptedDeal,
): Uint8Array {
  try {
    const cacheKey = identity.sharedSecrets && hex(deal.ephemeralPublicKey);
    let shared = cacheKey ? identity.sharedSecrets!.get(cacheKey) : undefined;
    if (!shared) {
      shared = x25519.getSharedSecret(identity.encryptionSecretKey, deal.ephemeralPublicKey);
      if (cacheKey) identity.sharedSecrets!.set(cacheKey, shared);
    }
    const { key, nonce } = dealKey(shared, deal.ephemeralPublicKey, sessionId, dealer, identity.id);
    return gcm(key, nonce, dealAad(sessionId, dealer, identity.id, commitments)).decrypt(deal.body);
  } catch {
    throw new ConfidentialCryptoError("deal-unreadable", `deal from dealer ${dealer} could not be decrypted`);
  }
}
