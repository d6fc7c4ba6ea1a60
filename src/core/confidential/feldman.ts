// Feldman verifiable secret sharing: public commitments C_k = a_k·G to a polynomial,
// and the check s_j·G == Σ_k C_k·j^k that a share is consistent with them.
import { Fn, G, type Point, Point as PointClass, mulPublic, mulSecret } from "./group.js";
import type { Polynomial } from "./shamir.js";

/** C_k = a_k·G. Coefficients must be non-zero (they are random), except a refresh polynomial's a_0 = 0. */
export function commitPolynomial(polynomial: Polynomial): Point[] {
  return polynomial.map((coefficient) => (coefficient === 0n ? PointClass.ZERO : mulSecret(G, coefficient)));
}

/** Σ_k C_k · x^k — the public image f(x)·G of a share. */
export function evaluateCommitments(commitments: readonly Point[], x: bigint): Point {
  let result = PointClass.ZERO;
  for (let k = commitments.length - 1; k >= 0; k--) {
    result = mulPublic(result, Fn.create(x)).add(commitments[k]!);
  }
  return result;
}

export function verifyFeldmanShare(commitments: readonly Point[], id: number, share: bigint): boolean {
  if (id < 1 || commitments.length === 0) return false;
  return mulPublic(G, share).equals(evaluateCommitments(commitments, BigInt(id)));
}

/** Component-wise sum of several dealers' commitment vectors (all the same length). */
export function sumCommitments(vectors: readonly (readonly Point[])[]): Point[] {
  if (vectors.length === 0) return [];
  const length = vectors[0]!.length;
  const out: Point[] = [];
  for (let k = 0; k < length; k++) {
    out.push(vectors.reduce((sum, vector) => sum.add(vector[k]!), PointClass.ZERO));
  }
  return out;
}
