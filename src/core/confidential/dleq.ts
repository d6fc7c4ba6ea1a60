// Chaum–Pedersen proof that log_B1(P1) = log_B2(P2), and a Schnorr proof of knowledge of
// log_G(P); both Fiat–Shamir with a domain tag and a caller-supplied context.
import { ConfidentialCryptoError, G, type Point, encodePoint, hashToScalar, mulPublic, mulSecret, randomScalar, Fn } from "./group.js";

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
  const a = mulPublic(st.base1, response).subtract(mulPublic(st.public1, challenge));
  const b = mulPublic(st.base2, response).subtract(mulPublic(st.public2, challenge));
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
  return mulPublic(G, proof.response).subtract(mulPublic(publicKey, challenge)).equals(proof.commitment);
}
