/**
 * A deterministic pseudo-random stream: keccak256 in counter mode over a seed string. Used for
 * validator selection and shuffles (never `Math.random`), so the same network seed gives the same
 * choices on every run and in every JS engine.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

const utf8 = new TextEncoder();

export class SeededRng {
  private readonly key: Uint8Array;
  private counter = 0;
  private pool: Uint8Array = new Uint8Array(0);
  private at = 0;

  /** The parts are joined with `|`, e.g. `new SeededRng("select", seed, txHash, round)`. */
  constructor(...parts: (string | number | bigint)[]) {
    this.key = keccak_256(utf8.encode(parts.map(String).join("|")));
  }

  private refill(): void {
    const block = new Uint8Array(this.key.length + 4);
    block.set(this.key);
    new DataView(block.buffer).setUint32(this.key.length, this.counter++, false);
    this.pool = keccak_256(block);
    this.at = 0;
  }

  /** Next byte. */
  byte(): number {
    if (this.at >= this.pool.length) this.refill();
    return this.pool[this.at++];
  }

  /** Uniform bigint in [0, n) (rejection sampling, no modulo bias). */
  below(n: bigint): bigint {
    if (n <= 0n) throw new RangeError("SeededRng.below needs n > 0");
    const bits = n.toString(2).length;
    const bytes = Math.ceil(bits / 8);
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      let v = 0n;
      for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(this.byte());
      v &= mask;
      if (v < n) return v;
    }
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Number(this.below(BigInt(n)));
  }
}
