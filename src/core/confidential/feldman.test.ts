import { describe, expect, it } from "vitest";
import { commitPolynomial, evaluateCommitments, sumCommitments, verifyFeldmanShare } from "./feldman.js";
import { Fn, G, mulSecret } from "./group.js";
import { evaluatePolynomial, randomPolynomial } from "./shamir.js";

describe("Feldman commitments", () => {
  it("accepts the dealt share for each id and rejects a changed share or a wrong id", () => {
    const polynomial = randomPolynomial(2);
    const commitments = commitPolynomial(polynomial);
    for (const id of [1, 2, 3, 7]) {
      const share = evaluatePolynomial(polynomial, BigInt(id));
      expect(verifyFeldmanShare(commitments, id, share)).toBe(true);
      expect(verifyFeldmanShare(commitments, id, Fn.add(share, 1n))).toBe(false);
      expect(verifyFeldmanShare(commitments, id + 1, share)).toBe(false);
    }
    expect(verifyFeldmanShare(commitments, 0, polynomial[0]!)).toBe(false);
  });

  it("evaluates commitments to f(x)·G and sums dealers component-wise", () => {
    const a = randomPolynomial(1);
    const b = randomPolynomial(1);
    expect(evaluateCommitments(commitPolynomial(a), 9n).equals(mulSecret(G, evaluatePolynomial(a, 9n)))).toBe(true);
    const summed = sumCommitments([commitPolynomial(a), commitPolynomial(b)]);
    expect(summed[0]!.equals(mulSecret(G, Fn.add(a[0]!, b[0]!)))).toBe(true);
    expect(summed[1]!.equals(mulSecret(G, Fn.add(a[1]!, b[1]!)))).toBe(true);
  });

  it("a refresh polynomial (a_0 = 0) commits to the identity at k = 0", () => {
    const refresh = randomPolynomial(2, 0n);
    const commitments = commitPolynomial(refresh);
    expect(commitments[0]!.is0()).toBe(true);
    expect(verifyFeldmanShare(commitments, 4, evaluatePolynomial(refresh, 4n))).toBe(true);
  });
});
