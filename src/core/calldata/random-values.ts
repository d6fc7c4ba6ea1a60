/**
 * Seeded random calldata values for property tests (mirrored in src/sdk/tests/test_calldata.py:
 * same xorshift32 stream, same decisions).
 */
import { Address, type CalldataValue } from "./index";

export const COUNT = 10_000;
export const SEED = 0x9e3779b9;

export class Rng {
  constructor(private x: number) {}
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const INT_BITS = [3, 7, 8, 31, 53, 54, 64, 65, 128, 256, 257, 1000];
const KEY_PREFIXES = ["a", "b", "k", "_", "A", "0", "", "\u00e9", "\uffff", "\ue000", "\ufeff", "\u{10000}", "\u{1F600}", "\u0000", "\u007f", "\u0080"];

function randomInt(rng: Rng): bigint {
  const bits = INT_BITS[rng.below(INT_BITS.length)];
  let v = 0n;
  for (let i = 0; i < Math.ceil(bits / 32); i++) v = (v << 32n) | BigInt(rng.next());
  v &= (1n << BigInt(bits)) - 1n;
  return rng.below(2) === 0 ? v : -v - 1n;
}

function randomStr(rng: Rng, maxLen: number): string {
  let s = "";
  const len = rng.below(maxLen + 1);
  for (let i = 0; i < len; i++) {
    const r = rng.below(10);
    let cp: number;
    if (r < 5) cp = 0x20 + rng.below(95);
    else if (r < 7) cp = 0x80 + rng.below(0x780);
    else if (r < 9) {
      cp = 0x800 + rng.below(0xf800);
      if (cp >= 0xd800 && cp < 0xe000) cp = 0xfeff;
    } else cp = 0x10000 + rng.below(0x100000);
    s += String.fromCodePoint(cp);
  }
  return s;
}

export function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.next() & 0xff);
}

export function randomValue(rng: Rng, depth: number): CalldataValue {
  const r = rng.below(100);
  if (depth > 0 && r < 25) {
    const n = rng.below(5);
    const items: CalldataValue[] = [];
    for (let i = 0; i < n; i++) items.push(randomValue(rng, depth - 1));
    return items;
  }
  if (depth > 0 && r < 45) {
    const n = rng.below(5);
    const map = new Map<string, CalldataValue>();
    for (let i = 0; i < n; i++) {
      const key = KEY_PREFIXES[rng.below(KEY_PREFIXES.length)] + randomStr(rng, 3);
      map.set(key, randomValue(rng, depth - 1));
    }
    return map;
  }
  switch (rng.below(7)) {
    case 0:
      return [null, true, false][rng.below(3)];
    case 1:
      return randomInt(rng);
    case 2:
      return randomStr(rng, 12);
    case 3:
      return randomBytes(rng, rng.below(40));
    case 4:
      return new Address(randomBytes(rng, 20));
    case 5:
      return [];
    default:
      return new Map();
  }
}

/** Every 1000th value is buried under up to 2040 layers: arrays, and a map every 8th layer. */
export function* randomValues(seed = SEED, count = COUNT): Generator<CalldataValue> {
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) {
    let value = randomValue(rng, rng.below(6));
    if (i % 1000 === 999) {
      const layers = 1 + rng.below(2040);
      for (let j = 0; j < layers; j++) value = j % 8 !== 7 ? [value] : new Map([["d", value]]);
    }
    yield value;
  }
}
