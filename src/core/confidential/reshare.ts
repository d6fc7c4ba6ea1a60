// Resharing to a new committee with the same public key (kyber-style): each old member deals
// g_i with g_i(0) = x_i, publicly pinned by D_i0 == Y_i(old); new members combine sub-shares of at
// least t_old qualified dealers with Lagrange weights. Old ciphertexts keep decrypting.
import { sha256 } from "@noble/hashes/sha2.js";
import {
  type Complaint, type DkgIdentity, type DkgMember, type EncryptedDeal, type Justification, complaintSigningBytes,
  DealEphemeral, justificationSigningBytes, sealDeal, signMessage, verifySignature,
} from "./dkg-messages.js";
import { justifyAgainst, openDealsOrComplain, type DkgResult } from "./dkg.js";
import { commitPolynomial, evaluateCommitmentsAtIds, verifyFeldmanShare } from "./feldman.js";
import {
  ConfidentialCryptoError, DST, Fn, G, type Point, Point as PointClass, decodePoint, decodeScalar, encodePoint, encodeScalar,
  equalBytes, lengthPrefixed, mulPublic, u32be, utf8,
} from "./group.js";
import { checkThreshold } from "./label.js";
import { type Polynomial, evaluatePolynomial, lagrangeCoefficientAtZero, randomPolynomial, validateParticipantIds } from "./shamir.js";

export interface ReshareConfig {
  readonly sessionId: Uint8Array;
  /** Unchanged committee key Y and the old verification keys Y_i — both read from the chain. */
  readonly publicKey: Point;
  readonly oldVerificationKeys: ReadonlyMap<number, Point>;
  /** t_old from the chain, never from the dealers (downgrade defence). */
  readonly oldThreshold: number;
  readonly oldMembers: readonly DkgMember[];
  readonly newThreshold: number;
  readonly newMembers: readonly DkgMember[];
}

export interface ReshareBundle {
  readonly sessionId: Uint8Array;
  readonly dealer: number;
  readonly commitments: readonly Uint8Array[];
  readonly deals: readonly EncryptedDeal[];
  readonly signature: Uint8Array;
}

export interface ScreenedReshare {
  readonly accepted: ReadonlyMap<number, { readonly commitments: readonly Point[]; readonly bundle: ReshareBundle }>;
  readonly evicted: readonly { dealer: number; reason: string }[];
}

export function reshareSigningBytes(bundle: Omit<ReshareBundle, "signature">): Uint8Array {
  return lengthPrefixed(
    utf8(DST.reshareDeal), bundle.sessionId, u32be(bundle.dealer), u32be(bundle.commitments.length), ...bundle.commitments,
    u32be(bundle.deals.length), ...bundle.deals.flatMap((deal) => [u32be(deal.recipient), deal.ephemeralPublicKey, deal.body]),
  );
}

function checkConfig(config: ReshareConfig): void {
  if (config.sessionId.length !== 32) throw new ConfidentialCryptoError("bad-session", "reshare session id must be 32 bytes");
  validateParticipantIds(config.newMembers.map((member) => member.id), config.newMembers.length);
  checkThreshold(config.newThreshold, config.newMembers.length);
  checkThreshold(config.oldThreshold, config.oldMembers.length);
}

/** Old member i deals its share x_i to the new committee. */
export function createReshareBundle(config: ReshareConfig, oldIdentity: DkgIdentity, oldShare: bigint, ephemeral?: DealEphemeral) {
  checkConfig(config);
  const polynomial = randomPolynomial(config.newThreshold - 1, oldShare);
  const commitments = commitPolynomial(polynomial).map(encodePoint);
  const roundKey = ephemeral ?? new DealEphemeral();
  const deals = config.newMembers.map((member) =>
    sealDeal(member, config.sessionId, oldIdentity.id, commitments, encodeScalar(evaluatePolynomial(polynomial, BigInt(member.id))), roundKey),
  );
  const unsigned = { sessionId: config.sessionId, dealer: oldIdentity.id, commitments, deals };
  const bundle: ReshareBundle = { ...unsigned, signature: signMessage(reshareSigningBytes(unsigned), oldIdentity.signingSecretKey) };
  return { bundle, polynomial };
}

/** Public checks: old-member signature, session, t_new commitments, D_i0 == Y_i(old), no equivocation. */
export function screenReshareBundles(config: ReshareConfig, bundles: readonly ReshareBundle[]): ScreenedReshare {
  checkConfig(config);
  const accepted = new Map<number, { commitments: Point[]; bundle: ReshareBundle }>();
  const evicted: { dealer: number; reason: string }[] = [];
  const equivocators = new Set<number>();
  for (const bundle of bundles) {
    const dealer = config.oldMembers.find((member) => member.id === bundle.dealer);
    const oldKey = config.oldVerificationKeys.get(bundle.dealer);
    let reason = "";
    let commitments: Point[] = [];
    if (!dealer || !oldKey) reason = "dealer is not an old committee member";
    else if (!verifySignature(bundle.signature, reshareSigningBytes(bundle), dealer.signingPublicKey)) reason = "bad signature";
    else if (!equalBytes(bundle.sessionId, config.sessionId)) reason = "bundle belongs to another reshare session";
    else if (bundle.commitments.length !== config.newThreshold) reason = "wrong number of commitments";
    else {
      try {
        commitments = bundle.commitments.map((bytes, k) => decodePoint(bytes, `commitment ${k}`, k > 0));
        if (!commitments[0]!.equals(oldKey)) reason = "dealt secret is not the dealer's old share";
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (reason) {
      evicted.push({ dealer: bundle.dealer, reason });
      continue;
    }
    const previous = accepted.get(bundle.dealer);
    if (previous && !equalBytes(reshareSigningBytes(previous.bundle), reshareSigningBytes(bundle))) equivocators.add(bundle.dealer);
    else if (!previous) accepted.set(bundle.dealer, { commitments, bundle });
  }
  for (const dealer of equivocators) {
    accepted.delete(dealer);
    evicted.push({ dealer, reason: "dealer sent two different bundles" });
  }
  return { accepted, evicted };
}

/** New member j opens its sub-shares; failures become signed complaints. */
export function processReshareDeals(config: ReshareConfig, newIdentity: DkgIdentity, screened: ScreenedReshare) {
  const dealers = [...screened.accepted].map(([dealer, { commitments, bundle }]) => ({ dealer, commitments, bundle }));
  const { shares, complaints } = openDealsOrComplain(config.sessionId, newIdentity, dealers);
  return { subShares: shares, complaints };
}

export function justifyReshareComplaints(
  config: ReshareConfig, oldIdentity: DkgIdentity, polynomial: Polynomial, complaints: readonly Complaint[],
): Justification[] {
  return justifyAgainst(config.sessionId, oldIdentity, polynomial, complaints);
}

function justified(config: ReshareConfig, screened: ScreenedReshare, dealer: number, recipient: number, justifications: readonly Justification[]) {
  const member = config.oldMembers.find((candidate) => candidate.id === dealer)!;
  const commitments = screened.accepted.get(dealer)!.commitments;
  for (const item of justifications) {
    if (item.dealer !== dealer || item.recipient !== recipient || !equalBytes(item.sessionId, config.sessionId)) continue;
    if (!verifySignature(item.signature, justificationSigningBytes(item), member.signingPublicKey)) continue;
    try {
      const share = decodeScalar(item.share, "justified share");
      if (verifyFeldmanShare(commitments, recipient, share)) return share;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Qualified old dealers from public data (same rules as the DKG). */
export function qualifiedReshareDealers(
  config: ReshareConfig, screened: ScreenedReshare, complaints: readonly Complaint[], justifications: readonly Justification[],
): number[] {
  const seen = new Set<string>();
  const counted = complaints.filter((complaint) => {
    const accuser = config.newMembers.find((member) => member.id === complaint.accuser);
    const key = `${complaint.accuser}:${complaint.dealer}`;
    if (!accuser || seen.has(key) || !screened.accepted.has(complaint.dealer) || !equalBytes(complaint.sessionId, config.sessionId)) return false;
    if (!verifySignature(complaint.signature, complaintSigningBytes(complaint), accuser.signingPublicKey)) return false;
    seen.add(key);
    return true;
  });
  return [...screened.accepted.keys()]
    .filter((dealer) => {
      const against = counted.filter((complaint) => complaint.dealer === dealer);
      if (against.length >= config.newThreshold) return false;
      return against.every((complaint) => justified(config, screened, dealer, complaint.accuser, justifications) !== undefined);
    })
    .sort((a, b) => a - b);
}

/** x'_j = Σ_{i∈Q} λ_i^Q·g_i(j); D_k = Σ λ_i^Q·D_ik with D_0 == Y; aborts if |Q| < t_old. */
export function finalizeReshare(
  config: ReshareConfig, newIdentity: DkgIdentity, screened: ScreenedReshare, subShares: ReadonlyMap<number, bigint>,
  complaints: readonly Complaint[], justifications: readonly Justification[],
): DkgResult {
  const qual = qualifiedReshareDealers(config, screened, complaints, justifications);
  if (qual.length < config.oldThreshold) {
    throw new ConfidentialCryptoError("reshare-aborted", `reshare aborted: only ${qual.length} qualified dealers, ${config.oldThreshold} needed`);
  }
  let secret = 0n;
  const commitments: Point[] = Array.from({ length: config.newThreshold }, () => PointClass.ZERO);
  for (const dealer of qual) {
    const lambda = lagrangeCoefficientAtZero(qual, dealer);
    const share = subShares.get(dealer) ?? justified(config, screened, dealer, newIdentity.id, justifications);
    if (share === undefined) throw new ConfidentialCryptoError("reshare-missing-share", `no valid sub-share from dealer ${dealer}`);
    secret = Fn.add(secret, Fn.mul(lambda, share));
    screened.accepted.get(dealer)!.commitments.forEach((commitment, k) => {
      commitments[k] = commitments[k]!.add(mulPublic(commitment, lambda));
    });
  }
  if (!commitments[0]!.equals(config.publicKey)) {
    throw new ConfidentialCryptoError("reshare-inconsistent", "reshared key does not match the committee public key");
  }
  const ids = config.newMembers.map((member) => member.id);
  const verificationKeys = new Map<number, Point>(evaluateCommitmentsAtIds(commitments, ids).map((key, index) => [ids[index]!, key]));
  if (!mulPublic(G, secret).equals(verificationKeys.get(newIdentity.id)!)) {
    throw new ConfidentialCryptoError("reshare-inconsistent", "reshared share does not match the public commitments");
  }
  const transcriptHash = sha256(lengthPrefixed(config.sessionId, ...commitments.map(encodePoint), ...qual.map((id) => u32be(id))));
  return { qual, publicKey: config.publicKey, commitments, verificationKeys, secretShare: { id: newIdentity.id, secret }, transcriptHash };
}
