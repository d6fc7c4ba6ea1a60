// Chaum–Pedersen proof that log_B1(P1) = log_B2(P2), and a Schnorr proof of knowledge of
// log_G(P); both Fiat–Shamir with a domain tag and a caller-supplied context.
import { ConfidentialCryptoError, G, type Point, encodePoint, hashToScalar, mulSecret, randomScalar, Fn } from "./group.js";
import { batchCoefficient, linearCombination } from "./multiplication.js";

export interface DleqStatement {
  /** First base (usually G) and x·base1. */
  readonly base1: Point;
  readonly public1: Point;
  /** Second base and x·base2. */
  readonly base2: Point;
  readonly public2: Point;
}

export interface DleqProof {
  readonly challenge: bigint;
  readonly response: bigint;
}

function dleqChallenge(dst: string, context: readonly Uint8Array[], st: DleqStatement, a: Point, b: Point): bigint {
  return hashToScalar(
    dst,
    ...context,
    encodePoint(st.base1),
    encodePoint(st.public1),
    encodePoint(st.base2),
    encodePoint(st.public2),
    encodePoint(a),
    encodePoint(b),
  );
}

/** Prove knowledge of x with public1 = x·base1 and public2 = x·base2. */
export function proveDleq(dst: string, context: readonly Uint8Array[], st: DleqStatement, secret: bigint): DleqProof {
  if (Fn.is0(Fn.create(secret))) throw new ConfidentialCryptoError("zero-secret", "a zero secret cannot be proven");
  const nonce = randomScalar();
  const a = mulSecret(st.base1, nonce);
  const b = mulSecret(st.base2, nonce);
  const challenge = dleqChallenge(dst, context, st, a, b);
  return { challenge, response: Fn.add(nonce, Fn.mul(challenge, secret)) };
}

/** A' = z·B1 − c·P1, B' = z·B2 − c·P2; accept iff c recomputes. Public data only. */
export function verifyDleq(dst: string, context: readonly Uint8Array[], st: DleqStatement, proof: DleqProof): boolean {
  const { challenge, response } = proof;
  if (challenge < 0n || challenge >= Fn.ORDER || response < 0n || response >= Fn.ORDER) return false;
  const minusChallenge = Fn.neg(challenge);
  const a = linearCombination([[st.base1, response], [st.public1, minusChallenge]]);
  const b = linearCombination([[st.base2, response], [st.public2, minusChallenge]]);
  return dleqChallenge(dst, context, st, a, b) === challenge;
}

export interface KnowledgeProof {
  /** Commitment R = k·G. */
  readonly commitment: Point;
  /** μ = k + c·x. */
  readonly response: bigint;
}

function knowledgeChallenge(dst: string, context: readonly Uint8Array[], publicKey: Point, commitment: Point): bigint {
  return hashToScalar(dst, ...context, encodePoint(publicKey), encodePoint(commitment));
}

/** Schnorr proof of knowledge of x for P = x·G (the DKG rogue-key defence). */
export function proveKnowledge(dst: string, context: readonly Uint8Array[], secret: bigint): KnowledgeProof {
  const publicKey = mulSecret(G, secret);
  const nonce = randomScalar();
  const commitment = mulSecret(G, nonce);
  const challenge = knowledgeChallenge(dst, context, publicKey, commitment);
  return { commitment, response: Fn.add(nonce, Fn.mul(challenge, secret)) };
}

/** Accept iff R == μ·G − c·P. */
export function verifyKnowledge(dst: string, context: readonly Uint8Array[], publicKey: Point, proof: KnowledgeProof): boolean {
  if (proof.response < 0n || proof.response >= Fn.ORDER) return false;
  const challenge = knowledgeChallenge(dst, context, publicKey, proof.commitment);
  return linearCombination([[G, proof.response], [publicKey, Fn.neg(challenge)]]).equals(proof.commitment);
}

export interface KnowledgeClaim {
  readonly context: readonly Uint8Array[];
  readonly publicKey: Point;
  readonly proof: KnowledgeProof;
}

/**
 * verifyKnowledge for many proofs at once: with fresh random 128-bit ρ_i (from the platform's
 * generator, unknown to whoever made the proofs), Σ ρ_i·(μ_i·G − c_i·P_i − R_i) = 0 is one
 * multi-scalar multiplication instead of one per proof; an invalid proof passes with probability
 * at most 2⁻¹²⁸. When the sum fails, every proof is checked on its own, so the verdicts per proof
 * are exactly verifyKnowledge's.
 */
export function verifyKnowledgeBatch(dst: string, claims: readonly KnowledgeClaim[]): boolean[] {
  const individually = () => claims.map((claim) => verifyKnowledge(dst, claim.context, claim.publicKey, claim.proof));
  if (claims.length < 2) return individually();
  if (claims.some((claim) => claim.proof.response < 0n || claim.proof.response >= Fn.ORDER)) return individually();
  let baseScalar = 0n;
  const terms: (readonly [Point, bigint])[] = [];
  for (const { context, publicKey, proof } of claims) {
    const rho = batchCoefficient();
    const challenge = knowledgeChallenge(dst, context, publicKey, proof.commitment);
    baseScalar = Fn.add(baseScalar, Fn.mul(rho, proof.response));
    if (!publicKey.is0()) terms.push([publicKey, Fn.neg(Fn.mul(rho, challenge))]);
    if (!proof.commitment.is0()) terms.push([proof.commitment, Fn.neg(rho)]);
  }
  terms.push([G, baseScalar]);
  return linearCombination(terms).is0() ? claims.map(() => true) : individually();
}
