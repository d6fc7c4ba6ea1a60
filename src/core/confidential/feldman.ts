// Feldman verifiable secret sharing: public commitments C_k = a_k·G to a polynomial,
// and the check s_j·G == Σ_k C_k·j^k that a share is consistent with them.
import { Fn, G, type Point, Point as PointClass, mulPublic, mulSecret } from "./group.js";
import { mulSmall } from "./multiplication.js";
import type { Polynomial } from "./shamir.js";

/** C_k = a_k·G. Coefficients must be non-zero (they are random), except a refresh polynomial's a_0 = 0. */
export function commitPolynomial(polynomial: Polynomial): Point[] {
  return polynomial.map((coefficient) => (coefficient === 0n ? PointClass.ZERO : mulSecret(G, coefficient)));
}

/** Σ_k C_k · x^k — the public image f(x)·G of a share (Horner; x is a member id, so each step is a few doublings). */
export function evaluateCommitments(commitments: readonly Point[], x: bigint): Point {
  const small = x >= 0n && x < 2n ** 31n ? Number(x) : undefined;
  let result = PointClass.ZERO;
  for (let k = commitments.length - 1; k >= 0; k--) {
    result = (small !== undefined ? mulSmall(result, small) : mulPublic(result, Fn.create(x))).add(commitments[k]!);
  }
  return result;
}

/**
 * Σ_k C_k · x^k for every id, in order. For consecutive ids past the first t (a whole committee's
 * verification keys), forward differences of the degree-(t−1) polynomial continue the sequence
 * with t−1 additions per id instead of a Horner evaluation.
 */
export function evaluateCommitmentsAtIds(commitments: readonly Point[], ids: readonly number[]): Point[] {
  const degree = commitments.length - 1;
  const consecutive = ids.every((id, index) => index === 0 || id === ids[index - 1]! + 1);
  if (!consecutive || degree < 1 || ids.length <= degree + 2) return ids.map((id) => evaluateCommitments(commitments, BigInt(id)));
  const out = ids.slice(0, degree + 1).map((id) => evaluateCommitments(commitments, BigInt(id)));
  // diagonal[k] = Δ^k f at the last computed id − k (the k-th difference ending there).
  let row = out.slice();
  const diagonal = [row[degree]!];
  for (let k = 1; k <= degree; k++) {
    row = row.slice(1).map((value, index) => value.subtract(row[index]!));
    diagonal.push(row[row.length - 1]!);
  }
  for (let index = degree + 1; index < ids.length; index++) {
    for (let k = degree - 1; k >= 0; k--) diagonal[k] = diagonal[k]!.add(diagonal[k + 1]!);
    out.push(diagonal[0]!);
  }
  return out;
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
