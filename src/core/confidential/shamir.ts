// Shamir secret sharing over the ristretto255 scalar field: polynomials, shares,
// participant-id validation and Lagrange interpolation at 0 (scalars and points).
import { ConfidentialCryptoError, Fn, type Point } from "./group.js";
import { linearCombination } from "./multiplication.js";
import { randomScalar } from "./group.js";

/** Coefficients a_0 … a_{t−1}; a_0 is the secret. */
export type Polynomial = readonly bigint[];

/** Random polynomial of the given degree; the constant term is fixed when given (use 0n for refresh). */
export function randomPolynomial(degree: number, constant?: bigint): Polynomial {
  if (!Number.isInteger(degree) || degree < 0) {
    throw new ConfidentialCryptoError("bad-degree", `polynomial degree ${degree} is invalid`);
  }
  const coefficients: bigint[] = [constant === undefined ? randomScalar() : Fn.create(constant)];
  for (let k = 1; k <= degree; k++) coefficients.push(randomScalar());
  return coefficients;
}

/** f(x) by Horner's rule, mod ℓ. */
export function evaluatePolynomial(polynomial: Polynomial, x: bigint): bigint {
  let result = 0n;
  for (let k = polynomial.length - 1; k >= 0; k--) {
    result = Fn.add(Fn.mul(result, Fn.create(x)), polynomial[k]!);
  }
  return result;
}

/** Participant ids are 1..n (never 0), distinct; optionally bounded by the committee size. */
export function validateParticipantIds(ids: readonly number[], committeeSize?: number): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1) {
      throw new ConfidentialCryptoError("bad-id", `participant id ${id} is invalid (ids start at 1)`);
    }
    if (committeeSize !== undefined && id > committeeSize) {
      throw new ConfidentialCryptoError("bad-id", `participant id ${id} is outside the committee of ${committeeSize}`);
    }
    if (seen.has(id)) throw new ConfidentialCryptoError("duplicate-id", `participant id ${id} appears twice`);
    seen.add(id);
  }
}

/** λ_i = Π_{j≠i} j / (j − i) for interpolation at 0 over the given id set. */
export function lagrangeCoefficientAtZero(ids: readonly number[], id: number): bigint {
  validateParticipantIds(ids);
  if (!ids.includes(id)) throw new ConfidentialCryptoError("bad-id", `participant id ${id} is not in the set`);
  let numerator = 1n;
  let denominator = 1n;
  for (const other of ids) {
    if (other === id) continue;
    numerator = Fn.mul(numerator, BigInt(other));
    denominator = Fn.mul(denominator, Fn.sub(BigInt(other), BigInt(id)));
  }
  return Fn.div(numerator, denominator);
}

export interface ScalarShare {
  readonly id: number;
  readonly value: bigint;
}

export function shareSecret(polynomial: Polynomial, ids: readonly number[]): ScalarShare[] {
  validateParticipantIds(ids);
  return ids.map((id) => ({ id, value: evaluatePolynomial(polynomial, BigInt(id)) }));
}

export function interpolateScalarAtZero(shares: readonly ScalarShare[]): bigint {
  const ids = shares.map((share) => share.id);
  validateParticipantIds(ids);
  return shares.reduce((sum, share) => Fn.add(sum, Fn.mul(lagrangeCoefficientAtZero(ids, share.id), share.value)), 0n);
}

export interface PointShare {
  readonly id: number;
  readonly point: Point;
}

/** Σ λ_i · P_i in one multi-scalar multiplication (public data: variable-time is fine). */
export function interpolatePointAtZero(shares: readonly PointShare[]): Point {
  const ids = shares.map((share) => share.id);
  validateParticipantIds(ids);
  return linearCombination(shares.map((share) => [share.point, lagrangeCoefficientAtZero(ids, share.id)] as const));
}
