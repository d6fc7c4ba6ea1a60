import { describe, expect, it } from "vitest";
import { seededRandomSource, withRandomSource } from "./enclave/seeded-randomness.js";
import { Fn, G, GBAR, Point, mulPublic, mulSecret, randomScalar, utf8 } from "./group.js";
import { batchCoefficient, hasTable, linearCombination, mulSmall, withTable } from "./multiplication.js";

function naiveSum(terms: [Point, bigint][]): Point {
  return terms.reduce((sum, [point, scalar]) => sum.add(mulPublic(point, scalar)), Point.ZERO);
}

describe("faster public multiplication gives the same points", () => {
  it("linearCombination equals the sum of separate multiplications (tabled and fresh points, zero and negated scalars)", () => {
    const fresh = Array.from({ length: 4 }, () => mulSecret(G, randomScalar()));
    const tabled = withTable(mulSecret(G, randomScalar()));
    expect(hasTable(tabled)).toBe(true);
    expect(hasTable(fresh[0]!)).toBe(false);
    const cases: [Point, bigint][][] = [
      [],
      [[fresh[0]!, 0n]],
      [[fresh[0]!, randomScalar()]],
      [[G, randomScalar()], [fresh[1]!, Fn.neg(randomScalar())]],
      [[GBAR, randomScalar()], [tabled, randomScalar()], ...fresh.map((point) => [point, randomScalar()] as [Point, bigint])],
      [[fresh[2]!, 5n], [fresh[2]!, Fn.neg(5n)]],
    ];
    for (const terms of cases) expect(linearCombination(terms).equals(naiveSum(terms))).toBe(true);
    expect(linearCombination([[fresh[2]!, 5n], [fresh[2]!, Fn.neg(5n)]]).is0()).toBe(true);
  });

  it("a table changes no result: the same multiples before and after withTable", () => {
    const point = mulSecret(G, randomScalar());
    const scalars = [1n, 2n, randomScalar(), Fn.ORDER - 1n];
    const before = scalars.map((s) => mulPublic(point, s).toBytes());
    withTable(point);
    expect(scalars.map((s) => mulPublic(point, s).toBytes())).toEqual(before);
    expect(scalars.map((s) => mulSecret(point, s).toBytes())).toEqual(before);
  });

  it("mulSmall equals multiplication by the same integer", () => {
    const point = mulSecret(G, randomScalar());
    for (const x of [0, 1, 2, 3, 7, 64, 255, 1000, 65_537]) expect(mulSmall(point, x).equals(mulPublic(point, BigInt(x)))).toBe(true);
    expect(() => mulSmall(point, -1)).toThrow(/out of range/);
  });
});

describe("batch coefficients", () => {
  it("are non-zero, 128-bit, distinct, and do not come from (or consume) an enclave's seeded stream", () => {
    const draws = Array.from({ length: 64 }, batchCoefficient);
    expect(new Set(draws).size).toBe(64);
    for (const draw of draws) expect(draw > 0n && draw < 1n << 128n).toBe(true);
    const stream = () => seededRandomSource(utf8("seed-seed-seed-1"), "test");
    const inScope = withRandomSource(stream(), () => [batchCoefficient(), batchCoefficient(), randomScalar()]);
    const again = withRandomSource(stream(), () => [batchCoefficient(), batchCoefficient(), randomScalar()]);
    expect(inScope[0]).not.toBe(again[0]);
    expect(inScope[2]).toBe(again[2]);
  });
});
