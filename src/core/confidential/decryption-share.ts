// TDH2 decryption shares U_i = x_i·U with a Chaum–Pedersen proof log_G(Y_i) = log_U(U_i),
// signed by the enclave; verification, publicly checkable evidence for invalid shares, and
// combination of exactly t verified shares into the plaintext arguments.
import { ed25519 } from "@noble/curves/ed25519.js";
import { demOpen, deriveDemKey } from "./dem.js";
import { verifyEd25519 } from "./ed25519-verify.js";
import { type DleqProof, proveDleq, verifyDleq } from "./dleq.js";
import {
  ConfidentialCryptoError, DST, G, type Point, decodePoint, decodeScalar, encodePoint, encodeScalar, equalBytes,
  lengthPrefixed, mulSecret, u32be, utf8,
} from "./group.js";
import { confidentialLabel } from "./label.js";
import { interpolatePointAtZero } from "./shamir.js";
import type { VerifiedCiphertext } from "./tdh2.js";

/** Wire form of a decryption share. */
export interface DecryptionShare {
  readonly ctId: Uint8Array;
  readonly id: number;
  readonly sharePoint: Uint8Array;
  readonly challenge: Uint8Array;
  readonly response: Uint8Array;
}

export interface SignedDecryptionShare {
  readonly share: DecryptionShare;
  /** Ed25519 signature of the sending enclave over encodeDecryptionShare(share). */
  readonly signature: Uint8Array;
}

/** Only shares that passed verifyDecryptionShare can be combined. */
export type VerifiedShare = { readonly id: number; readonly point: Point; readonly __verifiedShare: true };

export interface KeyShare {
  readonly id: number;
  readonly secret: bigint;
}

/** Public view of the committee needed to check shares. */
export interface CommitteeKeys {
  readonly threshold: number;
  /** Y_i = x_i·G per member id. */
  readonly verificationKeys: ReadonlyMap<number, Point>;
  /** Enclave Ed25519 public keys per member id. */
  readonly signingKeys: ReadonlyMap<number, Uint8Array>;
}

export interface ShareEvidence {
  readonly signed: SignedDecryptionShare;
  readonly accused: number;
  readonly reason: string;
}

export const CONFIDENTIAL_INPUTS_UNAVAILABLE = "confidential inputs unavailable";

function proofContext(ctId: Uint8Array, id: number): Uint8Array[] {
  return [ctId, u32be(id)];
}

export function encodeDecryptionShare(share: DecryptionShare): Uint8Array {
  return lengthPrefixed(utf8(DST.tdh2ShareSignature), share.ctId, u32be(share.id), share.sharePoint, share.challenge, share.response);
}

/**
 * Produced inside enclave i, only for a ciphertext that passed verifyCiphertext. `verificationKey`
 * (Y_i = x_i·G, public) saves a multiplication when the caller has it; it must belong to the share.
 */
export function createDecryptionShare(
  verified: VerifiedCiphertext, keyShare: KeyShare, signingSecretKey: Uint8Array, verificationKey?: Point,
): SignedDecryptionShare {
  const sharePoint = mulSecret(verified.kemPoint, keyShare.secret);
  const statement = { base1: G, public1: verificationKey ?? mulSecret(G, keyShare.secret), base2: verified.kemPoint, public2: sharePoint };
  const proof = proveDleq(DST.tdh2Share, proofContext(verified.ctId, keyShare.id), statement, keyShare.secret);
  const share: DecryptionShare = {
    ctId: verified.ctId,
    id: keyShare.id,
    sharePoint: encodePoint(sharePoint),
    challenge: encodeScalar(proof.challenge),
    response: encodeScalar(proof.response),
  };
  return { share, signature: ed25519.sign(encodeDecryptionShare(share), signingSecretKey) };
}

/** Returns the verified share, or the reason it is invalid (public data only). */
export function verifyDecryptionShare(
  verified: VerifiedCiphertext, share: DecryptionShare, committee: CommitteeKeys,
): { ok: true; share: VerifiedShare } | { ok: false; reason: string } {
  const verificationKey = committee.verificationKeys.get(share.id);
  if (!verificationKey) return { ok: false, reason: `share id ${share.id} is not a committee member` };
  if (!equalBytes(share.ctId, verified.ctId)) return { ok: false, reason: "share is for another ciphertext" };
  let point: Point;
  let proof: DleqProof;
  try {
    point = decodePoint(share.sharePoint, "share point");
    proof = { challenge: decodeScalar(share.challenge, "challenge"), response: decodeScalar(share.response, "response") };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const statement = { base1: G, public1: verificationKey, base2: verified.kemPoint, public2: point };
  if (!verifyDleq(DST.tdh2Share, proofContext(share.ctId, share.id), statement, proof)) {
    return { ok: false, reason: "share proof does not verify" };
  }
  return { ok: true, share: { id: share.id, point, __verifiedShare: true } };
}

function signatureValid(signed: SignedDecryptionShare, committee: CommitteeKeys): boolean {
  const signingKey = committee.signingKeys.get(signed.share.id);
  if (!signingKey) return false;
  return verifyEd25519(signed.signature, encodeDecryptionShare(signed.share), signingKey);
}

/**
 * Sort received shares: correctly signed valid shares are kept (duplicates counted once); correctly
 * signed invalid shares become evidence naming their sender; unsigned/forged ones are dropped.
 */
export function sortDecryptionShares(
  verified: VerifiedCiphertext, received: readonly SignedDecryptionShare[], committee: CommitteeKeys,
): { shares: VerifiedShare[]; evidence: ShareEvidence[]; dropped: number } {
  const shares: VerifiedShare[] = [];
  const evidence: ShareEvidence[] = [];
  let dropped = 0;
  for (const signed of received) {
    if (!signatureValid(signed, committee)) {
      dropped++;
      continue;
    }
    const result = verifyDecryptionShare(verified, signed.share, committee);
    if (!result.ok) evidence.push({ signed, accused: signed.share.id, reason: result.reason });
    else if (!shares.some((share) => share.id === result.share.id)) shares.push(result.share);
  }
  return { shares, evidence, dropped };
}

/** Anyone can re-check evidence: the accused really signed it and the share really is invalid. */
export function checkShareEvidence(verified: VerifiedCiphertext, evidence: ShareEvidence, committee: CommitteeKeys): boolean {
  if (evidence.accused !== evidence.signed.share.id) return false;
  if (!signatureValid(evidence.signed, committee)) return false;
  return !verifyDecryptionShare(verified, evidence.signed.share, committee).ok;
}

/** Z = Σ λ_i·U_i over the first t verified shares with distinct ids. */
export function combineShares(shares: readonly VerifiedShare[], threshold: number): Point {
  const distinct: VerifiedShare[] = [];
  for (const share of shares) if (!distinct.some((other) => other.id === share.id)) distinct.push(share);
  if (distinct.length < threshold) {
    throw new ConfidentialCryptoError("insufficient-shares", CONFIDENTIAL_INPUTS_UNAVAILABLE);
  }
  return interpolatePointAtZero(distinct.slice(0, threshold).map((share) => ({ id: share.id, point: share.point })));
}

/** Open every argument with Z; labels are rebuilt from the verified context and schema slots. */
export function decryptArguments(verified: VerifiedCiphertext, sharedPoint: Point): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  verified.slots.forEach((slot, k) => {
    const label = confidentialLabel(verified.context, slot);
    const demKey = deriveDemKey(sharedPoint, verified.kemPoint, verified.publicKey, label);
    out.set(slot.argIndex, demOpen(demKey, label, verified.ciphertext.args[k]!.body));
  });
  return out;
}

/** Verify, sort, combine and decrypt in one step (what an executing enclave does). */
export function decryptWithShares(
  verified: VerifiedCiphertext, received: readonly SignedDecryptionShare[], committee: CommitteeKeys,
): { plaintexts: Map<number, Uint8Array>; evidence: ShareEvidence[] } {
  const { shares, evidence } = sortDecryptionShares(verified, received, committee);
  if (shares.length < committee.threshold) {
    throw new ConfidentialCryptoError("insufficient-shares", CONFIDENTIAL_INPUTS_UNAVAILABLE);
  }
  return { plaintexts: decryptArguments(verified, combineShares(shares, committee.threshold)), evidence };
}
