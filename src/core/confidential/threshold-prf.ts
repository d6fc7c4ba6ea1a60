// Threshold PRF for per-contract state keys: W = x_s·P_c where P_c is hashed *inside* the enclave
// from the state label (chain, contract, state-key version) — never a caller-supplied point, so the
// state key x_s cannot be used as a decryption oracle. Shares carry a DLEQ proof against Y_s,i.
import { proveDleq, verifyDleq } from "./dleq.js";
import {
  ConfidentialCryptoError, DST, G, type Point, decodePoint, decodeScalar, encodePoint, encodeScalar, hashToPoint,
  lengthPrefixed, mulSecret, u32be, u64be, utf8,
} from "./group.js";
import { interpolatePointAtZero } from "./shamir.js";

export interface StateKeyLabel {
  readonly chainId: bigint;
  /** 20-byte contract address. */
  readonly contract: Uint8Array;
  readonly stateKeyVersion: number;
}

export interface PrfShare {
  readonly id: number;
  readonly sharePoint: Uint8Array;
  readonly challenge: Uint8Array;
  readonly response: Uint8Array;
}

export type VerifiedPrfShare = { readonly id: number; readonly point: Point; readonly __verifiedPrfShare: true };

/** P_c = hash_to_ristretto255(LP("state", chainId, contract, stateKeyVersion), DST h2c-state). */
export function statePoint(label: StateKeyLabel): Point {
  if (label.contract.length !== 20) throw new ConfidentialCryptoError("bad-context", "contract address must be 20 bytes");
  return hashToPoint(DST.h2cState, lengthPrefixed(utf8("state"), u64be(label.chainId), label.contract, u32be(label.stateKeyVersion)));
}

function context(point: Point, id: number): Uint8Array[] {
  return [encodePoint(point), u32be(id)];
}

/** Inside enclave i: S_i = x_s,i·P_c with a proof that log_G(Y_s,i) = log_P(S_i). */
export function createPrfShare(label: StateKeyLabel, stateKeyShare: { id: number; secret: bigint }): PrfShare {
  const point = statePoint(label);
  const sharePoint = mulSecret(point, stateKeyShare.secret);
  const statement = { base1: G, public1: mulSecret(G, stateKeyShare.secret), base2: point, public2: sharePoint };
  const proof = proveDleq(DST.prfShare, context(point, stateKeyShare.id), statement, stateKeyShare.secret);
  return {
    id: stateKeyShare.id, sharePoint: encodePoint(sharePoint), challenge: encodeScalar(proof.challenge), response: encodeScalar(proof.response),
  };
}

export function verifyPrfShare(
  label: StateKeyLabel, share: PrfShare, stateVerificationKeys: ReadonlyMap<number, Point>,
): { ok: true; share: VerifiedPrfShare } | { ok: false; reason: string } {
  const verificationKey = stateVerificationKeys.get(share.id);
  if (!verificationKey) return { ok: false, reason: `share id ${share.id} is not a committee member` };
  const point = statePoint(label);
  try {
    const sharePoint = decodePoint(share.sharePoint, "PRF share");
    const proof = { challenge: decodeScalar(share.challenge, "challenge"), response: decodeScalar(share.response, "response") };
    const statement = { base1: G, public1: verificationKey, base2: point, public2: sharePoint };
    if (!verifyDleq(DST.prfShare, context(point, share.id), statement, proof)) return { ok: false, reason: "PRF share proof does not verify" };
    return { ok: true, share: { id: share.id, point: sharePoint, __verifiedPrfShare: true } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** W = Σ λ_i·S_i over the first t verified shares; its encoding is the key material for the state cipher. */
export function combinePrfShares(shares: readonly VerifiedPrfShare[], threshold: number): Uint8Array {
  const distinct = shares.filter((share, index) => shares.findIndex((other) => other.id === share.id) === index);
  if (distinct.length < threshold) throw new ConfidentialCryptoError("insufficient-shares", "confidential state key unavailable");
  return encodePoint(interpolatePointAtZero(distinct.slice(0, threshold)));
}
