import { describe, expect, it } from "vitest";
import { ConfidentialCryptoError, Fn, G, mulSecret } from "./group.js";
import {
  evaluatePolynomial, interpolatePointAtZero, interpolateScalarAtZero, lagrangeCoefficientAtZero, randomPolynomial,
  shareSecret, validateParticipantIds,
} from "./shamir.js";

describe("Shamir sharing", () => {
  it("evaluates polynomials mod ℓ (f(x) = 3 + 2x + x², f(4) = 27)", () => {
    expect(evaluatePolynomial([3n, 2n, 1n], 4n)).toBe(27n);
    expect(evaluatePolynomial([Fn.ORDER - 1n, 1n], 1n)).toBe(0n);
  });

  it("any t of n shares recover the secret; t−1 shares give a different value", () => {
    const polynomial = randomPolynomial(2);
    const shares = shareSecret(polynomial, [1, 2, 3, 4, 5]);
    for (const subset of [[0, 1, 2], [2, 3, 4], [0, 2, 4], [4, 1, 3]]) {
      expect(interpolateScalarAtZero(subset.map((index) => shares[index]!))).toBe(polynomial[0]);
    }
    expect(interpolateScalarAtZero(shares.slice(0, 2))).not.toBe(polynomial[0]);
  });

  it("interpolates in the exponent: Σ λ_i·(s_i·G) = s·G", () => {
    const polynomial = randomPolynomial(1);
    const shares = shareSecret(polynomial, [2, 5]);
    const points = shares.map((share) => ({ id: share.id, point: mulSecret(G, share.value) }));
    expect(interpolatePointAtZero(points).equals(mulSecret(G, polynomial[0]!))).toBe(true);
  });

  it("Lagrange coefficients over {1,2} at 0 are 2 and −1", () => {
    expect(lagrangeCoefficientAtZero([1, 2], 1)).toBe(2n);
    expect(lagrangeCoefficientAtZero([1, 2], 2)).toBe(Fn.ORDER - 1n);
  });

  it("A16: id 0, duplicate ids and ids outside the committee are rejected before interpolation", () => {
    const shares = shareSecret(randomPolynomial(1), [1, 2]);
    expect(() => interpolateScalarAtZero([{ id: 0, value: 5n }, shares[0]!])).toThrow("participant id 0 is invalid");
    expect(() => interpolateScalarAtZero([shares[0]!, shares[0]!])).toThrow("participant id 1 appears twice");
    expect(() => validateParticipantIds([1, 4], 3)).toThrow("outside the committee of 3");
    expect(() => validateParticipantIds([1.5])).toThrow(ConfidentialCryptoError);
    expect(() => lagrangeCoefficientAtZero([1, 2], 3)).toThrow("not in the set");
  });
});
