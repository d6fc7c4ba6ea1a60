/**
 * Seeded random round trip. The generator is mirrored exactly in src/sdk/tests/test_calldata.py
 * (same xorshift32 stream, same decisions), and both tests assert the same digest of all the
 * encodings and texts, so the TypeScript and Python codecs are checked byte for byte.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { Address, decode, encode, toText, toTypedJson, type CalldataValue } from "./index";

const COUNT = 10_000;
const SEED = 0x9e3779b9;
const RANDOM_DIGEST = "5922fd85ba0f2806e8acdeef06034b686697cc97cb583e0de0650c123aad6083";

class Rng {
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

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.next() & 0xff);
}

function randomValue(rng: Rng, depth: number): CalldataValue {
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

/** Every 1000th value is buried under up to 3000 alternating arrays and maps. */
function* randomValues(): Generator<CalldataValue> {
  const rng = new Rng(SEED);
  for (let i = 0; i < COUNT; i++) {
    let value = randomValue(rng, rng.below(6));
    if (i % 1000 === 999) {
      const layers = 1 + rng.below(3000);
      for (let j = 0; j < layers; j++) value = j % 2 === 0 ? [value] : new Map([["d", value]]);
    }
    yield value;
  }
}

describe("random round trip", () => {
  it(`encodes, decodes and re-encodes ${COUNT} seeded values identically`, () => {
    const hash = sha256.create();
    const utf8 = new TextEncoder();
    let n = 0;
    for (const value of randomValues()) {
      const data = encode(value);
      const back = decode(data);
      expect(encode(back)).toEqual(data);
      const text = toText(value);
      expect(toText(back)).toBe(text);
      hash.update(data);
      hash.update(utf8.encode(text + "\n"));
      n++;
    }
    expect(n).toBe(COUNT);
    const digest = Array.from(hash.digest(), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(digest).toBe(RANDOM_DIGEST);
  });

  it("decodes maps sorted, with every type exact", () => {
    let checked = 0;
    for (const value of randomValues()) {
      if (!(value instanceof Map) || value.size < 2) continue;
      const back = decode(encode(value)) as Map<string, CalldataValue>;
      const keys = [...back.keys()];
      const sorted = [...keys].sort((a, b) => (Buffer.from(a, "utf8").compare(Buffer.from(b, "utf8"))));
      expect(keys).toEqual(sorted);
      const expected = new Map(sorted.map((k) => [k, value.get(k)!]));
      expect(JSON.stringify(toTypedJson(back))).toBe(JSON.stringify(toTypedJson(sortDeep(expected))));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

/** The same value with every map's keys in calldata order (what the decoder returns). */
function sortDeep(v: CalldataValue): CalldataValue {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v instanceof Map) {
    const keys = [...v.keys()].sort((a, b) => Buffer.from(a, "utf8").compare(Buffer.from(b, "utf8")));
    return new Map(keys.map((k) => [k, sortDeep(v.get(k)!)]));
  }
  return v;
}
