// Joint-Feldman DKG with a Schnorr proof of knowledge of each dealer's secret, encrypted deals,
// and a complaint/justification round. Every decision that removes a dealer is computed from
// broadcast data only, so all honest parties derive the same QUAL, public key and commitments.
import { sha256 } from "@noble/hashes/sha2.js";
import { type KnowledgeClaim, proveKnowledge, verifyKnowledgeBatch } from "./dleq.js";
import {
  type Complaint, DealEphemeral, type DealerBundle, type DkgConfig, type DkgIdentity, type EncryptedDeal, type Justification, bundleSigningBytes,
  complaintSigningBytes, justificationSigningBytes, openDeal, sealDeal, signMessage, verifySignature,
} from "./dkg-messages.js";
import { evaluateCommitmentsAtIds, commitPolynomial, sumCommitments, verifyFeldmanShare } from "./feldman.js";
import {
  ConfidentialCryptoError, DST, Fn, G, type Point, decodePoint, decodeScalar, encodePoint, encodeScalar, equalBytes,
  lengthPrefixed, mulPublic, u32be,
} from "./group.js";
import { checkThreshold } from "./label.js";
import { type Polynomial, evaluatePolynomial, randomPolynomial, validateParticipantIds } from "./shamir.js";

/** A bundle that passed the public checks (signature, session, shape, PoK, no equivocation). */
export interface AcceptedDealer {
  readonly dealer: number;
  readonly commitments: readonly Point[];
  readonly bundle: DealerBundle;
}

export interface ScreenedBundles {
  readonly accepted: ReadonlyMap<number, AcceptedDealer>;
  readonly evicted: readonly { dealer: number; reason: string }[];
}

export interface DkgResult {
  /** Qualified dealers, ascending. */
  readonly qual: readonly number[];
  /** Y = C_0. */
  readonly publicKey: Point;
  /** C_k = Σ_{i∈QUAL} C_ik. */
  readonly commitments: readonly Point[];
  /** Y_m = Σ_k C_k·m^k for every member m. */
  readonly verificationKeys: ReadonlyMap<number, Point>;
  /** x_j = Σ_{i∈QUAL} s_ij (this party's secret share). */
  readonly secretShare: { readonly id: number; readonly secret: bigint };
  /** sha256 over (Y, C, QUAL): what each enclave would sign as its key vote. */
  readonly transcriptHash: Uint8Array;
}

function pokContext(sessionId: Uint8Array, dealer: number): Uint8Array[] {
  return [sessionId, u32be(dealer)];
}

function memberIds(config: DkgConfig): number[] {
  return config.members.map((member) => member.id);
}

export function checkDkgConfig(config: DkgConfig): void {
  if (config.sessionId.length !== 32) throw new ConfidentialCryptoError("bad-session", "DKG session id must be 32 bytes");
  validateParticipantIds(memberIds(config), config.members.length);
  checkThreshold(config.threshold, config.members.length);
}

/**
 * Round 1 (dealer): polynomial of degree t−1, commitments, PoK of a_0, one encrypted deal per
 * member, all sealed with one ephemeral key (`ephemeral`: the dealer's key for the whole round).
 */
export function createDealerBundle(
  config: DkgConfig, identity: DkgIdentity, polynomial: Polynomial = randomPolynomial(config.threshold - 1), ephemeral?: DealEphemeral,
): { bundle: DealerBundle; polynomial: Polynomial } {
  checkDkgConfig(config);
  const commitments = commitPolynomial(polynomial).map(encodePoint);
  const pok = proveKnowledge(DST.dkgPok, pokContext(config.sessionId, identity.id), polynomial[0]!);
  const roundKey = ephemeral ?? new DealEphemeral();
  const deals = config.members.map((member) =>
    sealDeal(member, config.sessionId, identity.id, commitments, encodeScalar(evaluatePolynomial(polynomial, BigInt(member.id))), roundKey),
  );
  const unsigned = {
    sessionId: config.sessionId,
    dealer: identity.id,
    commitments,
    pokCommitment: encodePoint(pok.commitment),
    pokResponse: encodeScalar(pok.response),
    deals,
  };
  return { bundle: { ...unsigned, signature: signMessage(bundleSigningBytes(unsigned), identity.signingSecretKey) }, polynomial };
}

type DecodedBundle = { reason: string } | { reason: ""; commitments: Point[]; claim: KnowledgeClaim };

/** Every public check but the proof of knowledge (checked for all bundles at once by screenBundles). */
function decodeBundle(config: DkgConfig, bundle: DealerBundle): DecodedBundle {
  const member = config.members.find((candidate) => candidate.id === bundle.dealer);
  if (!member) return { reason: "dealer is not a committee member" };
  if (!verifySignature(bundle.signature, bundleSigningBytes(bundle), member.signingPublicKey)) return { reason: "bad signature" };
  if (!equalBytes(bundle.sessionId, config.sessionId)) return { reason: "bundle belongs to another DKG session" };
  if (bundle.commitments.length !== config.threshold) return { reason: "wrong number of commitments" };
  try {
    const commitments = bundle.commitments.map((bytes, k) => decodePoint(bytes, `commitment ${k}`, k > 0));
    const proof = { commitment: decodePoint(bundle.pokCommitment, "PoK commitment", true), response: decodeScalar(bundle.pokResponse, "PoK response") };
    return { reason: "", commitments, claim: { context: pokContext(config.sessionId, bundle.dealer), publicKey: commitments[0]!, proof } };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** Public checks everyone runs on the broadcast bundles; failing bundles are evicted at once. */
export function screenBundles(config: DkgConfig, bundles: readonly DealerBundle[]): ScreenedBundles {
  checkDkgConfig(config);
  const accepted = new Map<number, AcceptedDealer>();
  const evicted: { dealer: number; reason: string }[] = [];
  const equivocators = new Set<number>();
  const decoded = bundles.map((bundle) => decodeBundle(config, bundle));
  const claims = decoded.flatMap((item) => ("claim" in item ? [item.claim] : []));
  const verdicts = verifyKnowledgeBatch(DST.dkgPok, claims);
  let next = 0;
  for (const [index, bundle] of bundles.entries()) {
    const item = decoded[index]!;
    const commitments = "claim" in item && verdicts[next++] ? item.commitments : undefined;
    if (!commitments) {
      evicted.push({ dealer: bundle.dealer, reason: item.reason || "invalid proof of knowledge" });
      continue;
    }
    const previous = accepted.get(bundle.dealer);
    if (previous && !equalBytes(bundleSigningBytes(previous.bundle), bundleSigningBytes(bundle))) {
      equivocators.add(bundle.dealer);
    } else if (!previous) {
      accepted.set(bundle.dealer, { dealer: bundle.dealer, commitments, bundle });
    }
  }
  for (const dealer of equivocators) {
    accepted.delete(dealer);
    evicted.push({ dealer, reason: "dealer sent two different bundles" });
  }
  return { accepted, evicted };
}

/** Round 2 (recipient): open my deal from every accepted dealer; anything wrong becomes a signed complaint. */
export function processDeals(
  config: DkgConfig, identity: DkgIdentity, screened: ScreenedBundles,
): { shares: Map<number, bigint>; complaints: Complaint[] } {
  return openDealsOrComplain(config.sessionId, identity, screened.accepted.values());
}

/** Opens this recipient's deal from each dealer and checks it against the dealer's commitments;
 * a missing, undecryptable or wrong deal becomes a signed complaint. Shared by DKG and resharing. */
export function openDealsOrComplain(
  sessionId: Uint8Array,
  identity: DkgIdentity,
  dealers: Iterable<{ readonly dealer: number; readonly commitments: readonly Point[]; readonly bundle: { readonly commitments: readonly Uint8Array[]; readonly deals: readonly EncryptedDeal[] } }>,
): { shares: Map<number, bigint>; complaints: Complaint[] } {
  const shares = new Map<number, bigint>();
  const complaints: Complaint[] = [];
  for (const { dealer, commitments, bundle } of dealers) {
    const deal = bundle.deals.find((candidate) => candidate.recipient === identity.id);
    let reason = "";
    if (!deal) reason = "missing deal";
    else {
      try {
        const share = decodeScalar(openDeal(identity, sessionId, dealer, bundle.commitments, deal), "deal");
        if (verifyFeldmanShare(commitments, identity.id, share)) shares.set(dealer, share);
        else reason = "share does not match the commitments";
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (reason) {
      const unsigned = { sessionId, accuser: identity.id, dealer };
      complaints.push({ ...unsigned, reason, signature: signMessage(complaintSigningBytes(unsigned), identity.signingSecretKey) });
    }
  }
  return { shares, complaints };
}

/** Round 3 (accused dealer): reveal s_ij in clear for each complaint against me. */
export function justifyComplaints(
  config: DkgConfig, identity: DkgIdentity, polynomial: Polynomial, complaints: readonly Complaint[],
): Justification[] {
  return justifyAgainst(config.sessionId, identity, polynomial, complaints);
}

/** The accused dealer's answers to complaints of this session: the disputed shares, signed. */
export function justifyAgainst(sessionId: Uint8Array, identity: DkgIdentity, polynomial: Polynomial, complaints: readonly Complaint[]): Justification[] {
  return complaints
    .filter((complaint) => complaint.dealer === identity.id && equalBytes(complaint.sessionId, sessionId))
    .map((complaint) => {
      const unsigned = { sessionId, dealer: identity.id, recipient: complaint.accuser, share: encodeScalar(evaluatePolynomial(polynomial, BigInt(complaint.accuser))) };
      return { ...unsigned, signature: signMessage(justificationSigningBytes(unsigned), identity.signingSecretKey) };
    });
}

function validComplaints(config: DkgConfig, screened: ScreenedBundles, complaints: readonly Complaint[]): Complaint[] {
  const seen = new Set<string>();
  return complaints.filter((complaint) => {
    const accuser = config.members.find((member) => member.id === complaint.accuser);
    const key = `${complaint.accuser}:${complaint.dealer}`;
    if (!accuser || seen.has(key) || !screened.accepted.has(complaint.dealer)) return false;
    if (!equalBytes(complaint.sessionId, config.sessionId)) return false;
    if (!verifySignature(complaint.signature, complaintSigningBytes(complaint), accuser.signingPublicKey)) return false;
    seen.add(key);
    return true;
  });
}

/** The justified share for (dealer, recipient), if the dealer published a correct one. */
function justifiedShare(config: DkgConfig, dealer: AcceptedDealer, recipient: number, justifications: readonly Justification[]): bigint | undefined {
  const member = config.members.find((candidate) => candidate.id === dealer.dealer)!;
  for (const justification of justifications) {
    if (justification.dealer !== dealer.dealer || justification.recipient !== recipient) continue;
    if (!equalBytes(justification.sessionId, config.sessionId)) continue;
    if (!verifySignature(justification.signature, justificationSigningBytes(justification), member.signingPublicKey)) continue;
    try {
      const share = decodeScalar(justification.share, "justified share");
      if (verifyFeldmanShare(dealer.commitments, recipient, share)) return share;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** QUAL from public data: drop dealers with ≥ t complaints or any complaint left unjustified. */
export function qualifiedDealers(
  config: DkgConfig, screened: ScreenedBundles, complaints: readonly Complaint[], justifications: readonly Justification[],
): number[] {
  const counted = validComplaints(config, screened, complaints);
  const qual: number[] = [];
  for (const dealer of screened.accepted.values()) {
    const against = counted.filter((complaint) => complaint.dealer === dealer.dealer);
    if (against.length >= config.threshold) continue;
    if (against.every((complaint) => justifiedShare(config, dealer, complaint.accuser, justifications) !== undefined)) {
      qual.push(dealer.dealer);
    }
  }
  return qual.sort((a, b) => a - b);
}

/** Output at party j: x_j, Y, C_k, Y_m; aborts when |QUAL| < t. */
export function finalizeDkg(
  config: DkgConfig, identity: DkgIdentity, screened: ScreenedBundles, myShares: ReadonlyMap<number, bigint>,
  complaints: readonly Complaint[], justifications: readonly Justification[],
): DkgResult {
  const qual = qualifiedDealers(config, screened, complaints, justifications);
  if (qual.length < config.threshold) {
    throw new ConfidentialCryptoError("dkg-aborted", `DKG aborted: only ${qual.length} qualified dealers, ${config.threshold} needed`);
  }
  let secret = 0n;
  for (const dealerId of qual) {
    const dealer = screened.accepted.get(dealerId)!;
    const share = myShares.get(dealerId) ?? justifiedShare(config, dealer, identity.id, justifications);
    if (share === undefined) {
      throw new ConfidentialCryptoError("dkg-missing-share", `no valid share from qualified dealer ${dealerId}`);
    }
    secret = Fn.add(secret, share);
  }
  const commitments = sumCommitments(qual.map((dealerId) => screened.accepted.get(dealerId)!.commitments));
  const ids = memberIds(config);
  const verificationKeys = new Map<number, Point>(evaluateCommitmentsAtIds(commitments, ids).map((key, index) => [ids[index]!, key]));
  if (!mulPublic(G, secret).equals(verificationKeys.get(identity.id)!)) {
    throw new ConfidentialCryptoError("dkg-inconsistent", "DKG share does not match the public commitments");
  }
  const transcriptHash = sha256(lengthPrefixed(
    config.sessionId, ...commitments.map(encodePoint), ...qual.map((dealerId) => u32be(dealerId)),
  ));
  return { qual, publicKey: commitments[0]!, commitments, verificationKeys, secretShare: { id: identity.id, secret }, transcriptHash };
}
