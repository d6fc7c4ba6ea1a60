import { describe, expect, it } from "vitest";
import { commitPolynomial, evaluateCommitments, evaluateCommitmentsAtIds, sumCommitments, verifyFeldmanShare } from "./feldman.js";
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

describe("evaluateCommitmentsAtIds", () => {
  it("equals one Horner evaluation per id, for a whole committee (forward differences) and for scattered ids", () => {
    for (const [degree, count] of [[0, 4], [1, 6], [3, 5], [4, 16]] as const) {
      const commitments = commitPolynomial(randomPolynomial(degree));
      const ids = Array.from({ length: count }, (_, k) => k + 1);
      const fast = evaluateCommitmentsAtIds(commitments, ids);
      expect(fast.map((point) => point.toBytes())).toEqual(ids.map((id) => evaluateCommitments(commitments, BigInt(id)).toBytes()));
    }
    const commitments = commitPolynomial(randomPolynomial(2));
    const scattered = [2, 9, 4, 30, 31, 32, 33, 34];
    expect(evaluateCommitmentsAtIds(commitments, scattered).map((p) => p.toBytes())).toEqual(scattered.map((id) => evaluateCommitments(commitments, BigInt(id)).toBytes()));
    const offset = [5, 6, 7, 8, 9, 10, 11];
    expect(evaluateCommitmentsAtIds(commitments, offset).map((p) => p.toBytes())).toEqual(offset.map((id) => evaluateCommitments(commitments, BigInt(id)).toBytes()));
  });
});
