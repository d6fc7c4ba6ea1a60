/**
 * A fast seeded pseudo-random stream for fuzzing: xoshiro128** seeded through splitmix32 from a
 * 32-bit run seed and a stream number (the input's index), so input #i of a run is the same
 * whatever the run's count. (The consensus engine's keccak-based `SeededRng` is made for fairness,
 * not for the millions of draws a fuzz run makes.)
 */

function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class FuzzRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const s = { x: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 };
    splitmix32(s);
    s.x ^= stream;
    this.a = splitmix32(s);
    this.b = splitmix32(s);
    this.c = splitmix32(s);
    this.d = splitmix32(s) | 1; // never all zero
  }

  /** Next 32 random bits as an unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Integer in [0, n) (n up to 2^32). */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  /** Integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A length skewed towards small values: most under 8, some up to `max`. */
  size(max: number): number {
    const r = this.int(10);
    if (r < 6) return this.int(Math.min(max, 8) + 1);
    if (r < 9) return this.int(Math.min(max, 64) + 1);
    return this.int(max + 1);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
