// Faster scalar multiplication on public data for the confidential protocols: precomputed tables
// for long-lived points (G, Ḡ, committee and member keys), one interleaved multi-scalar
// multiplication for the fresh points of a check, double-and-add for the small integers of
// Feldman/Horner evaluations, and random coefficients for batch checks. Secrets never go
// through the variable-time paths here (mulSecret in group.ts stays the only secret path).
import { type CurvePointCons, mulAddUnsafe } from "@noble/curves/abstract/curve.js";
import { Fn, G, GBAR, type Point, Point as PointClass, mulPublic } from "./group.js";

/** Points that carry a precomputed table (multiplications reuse it instead of a one-shot walk). */
const tabled = new WeakSet<Point>([G]);

/**
 * Marks a long-lived public point (a committee key, a member's verification key) for a
 * precomputed table, built on its first multiplication: about 4 ms once (window 4), then each
 * multiplication costs about a quarter of a one-shot one. Never for one-off points (a table
 * costs several multiplications).
 */
export function withTable(point: Point, window = 4): Point {
  if (!tabled.has(point) && !point.is0()) {
    point.precompute(window, true);
    tabled.add(point);
  }
  return point;
}

export function hasTable(point: Point): boolean {
  return tabled.has(point);
}

// Ḡ is a fixed base of every ciphertext (client and verifiers): a wide table, built on first use.
withTable(GBAR, 8);

const RistrettoCons = PointClass as unknown as CurvePointCons<Point>;

/**
 * Σ scalar·point over public data: table-backed points are multiplied on their tables, the rest
 * share one interleaved walk (Strauss–Shamir), which costs far less than separate multiplications.
 */
export function linearCombination(terms: readonly (readonly [Point, bigint])[]): Point {
  let sum = PointClass.ZERO;
  const points: Point[] = [];
  const scalars: bigint[] = [];
  for (const [point, scalar] of terms) {
    const reduced = Fn.create(scalar);
    if (reduced === 0n) continue;
    if (tabled.has(point)) sum = sum.add(point.multiplyUnsafe(reduced));
    else {
      points.push(point);
      scalars.push(reduced);
    }
  }
  if (points.length === 1) return sum.add(mulPublic(points[0]!, scalars[0]!));
  if (points.length > 1) return sum.add(mulAddUnsafe(RistrettoCons, points, scalars));
  return sum;
}

/** x·point for a small non-negative integer x (member ids in Horner steps): double-and-add, public data only. */
export function mulSmall(point: Point, x: number): Point {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`small multiplier ${x} is out of range`);
  if (x >= 2 ** 31) return mulPublic(point, BigInt(x));
  let acc = PointClass.ZERO;
  for (let bit = 31 - Math.clz32(x); bit >= 0; bit--) {
    acc = acc.double();
    if ((x >>> bit) & 1) acc = acc.add(point);
  }
  return acc;
}

// The platform's generator, captured at load: enclaves shadow crypto.getRandomValues with their
// seeded streams during a call, and batch coefficients must come from neither those streams (they
// would shift) nor anything an attacker can predict.
const systemRandom: (array: Uint8Array) => Uint8Array = (() => {
  const crypto = globalThis.crypto;
  const original = crypto.getRandomValues;
  return (array) => original.call(crypto, array) as Uint8Array;
})();

/** A fresh uniformly random non-zero 128-bit coefficient for a batch check (soundness error 2⁻¹²⁸). */
export function batchCoefficient(): bigint {
  const bytes = systemRandom(new Uint8Array(16));
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value === 0n ? 1n : value;
}
