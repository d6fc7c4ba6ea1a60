/**
 * Calldata-aware fuzz inputs: valid encodings changed at the value level (a subtree replaced,
 * integers at bit boundaries, nesting right at the depth limit) and hand-built byte sequences the
 * format must reject or accept exactly (non-minimal ULEB128, type 7, unknown atoms, unsorted or
 * duplicate map keys, bad UTF-8, lengths past the end), mixed with the format-blind mutations.
 */
import { Address, encode, MAX_DEPTH, type CalldataValue } from "../calldata";
import { decode } from "../calldata/decode";
import { Rng, randomValue } from "../calldata/random-values";
import { mutateBytes, randomGarbage } from "./byte-mutators";
import type { FuzzRng } from "./prng";

function uleb(v: bigint): number[] {
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

const header = (payload: bigint | number, type: number) => uleb((BigInt(payload) << 3n) | BigInt(type));
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

/** Byte sequences that are not UTF-8, or are at its edges. */
const UTF8_EDGES: number[][] = [
  [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80], [0x80], [0xbf], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xfe], [0xef, 0xbb, 0xbf],
  [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0x00], [0x7f], [0xc2, 0x80],
];

function randomKeyBytes(rng: FuzzRng): number[] {
  const r = rng.int(4);
  if (r === 0) return rng.pick(UTF8_EDGES);
  if (r === 1) return utf8(rng.pick(["", "a", "b", "ab", "\u00e9", "\uffff", "\u{10000}", "A", "_"]));
  return [...rng.bytes(rng.size(6))].map((b) => (rng.chance(0.8) ? 0x41 + (b % 26) : b));
}

/** A map with keys in any order (sorted, reversed, duplicated, equal prefixes). */
function craftedMap(rng: FuzzRng): number[] {
  const keys = Array.from({ length: rng.range(1, 5) }, () => randomKeyBytes(rng));
  const mode = rng.int(4);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  if (mode === 0) keys.sort(cmp);
  else if (mode === 1) keys.sort(cmp).reverse();
  else if (mode === 2 && keys.length > 0) keys.push(keys[rng.int(keys.length)]!);
  const out = header(keys.length, 6);
  for (const k of keys) out.push(...uleb(BigInt(k.length)), ...k, ...craftedScalar(rng));
  return out;
}

/** Edge integers: 2^k, 2^k ± 1 for k at ULEB128 byte and word boundaries. */
function edgeInt(rng: FuzzRng): bigint {
  const k = BigInt(rng.pick([0, 1, 4, 7, 8, 14, 15, 16, 28, 31, 32, 35, 52, 53, 56, 63, 64, 70, 128, 255, 256, 512, 1024, 4096]));
  const v = (1n << k) + BigInt(rng.range(-1, 1));
  return rng.chance(0.5) ? v : -v;
}

function craftedScalar(rng: FuzzRng): number[] {
  switch (rng.int(12)) {
    case 0: // non-minimal ULEB128 header: a trailing zero octet
      return [...header(rng.int(40), rng.int(8)).map((b) => b | 0x80), 0x00];
    case 1: // ULEB128 that never ends
      return Array(rng.range(1, 12)).fill(0x80 | rng.int(128));
    case 2: // type 7, with any payload
      return header(rng.int(1000), 7);
    case 3: // atoms, known and unknown
      return header(rng.pick([0, 1, 2, 3, 4, 5, 7, 8, 255, 1 << 20]), 0);
    case 4: // an address, whole or cut short
      return [...header(3, 0), ...rng.bytes(rng.chance(0.7) ? 20 : rng.int(25))];
    case 5: {
      const v = edgeInt(rng);
      return v >= 0n ? header(v, 1) : header(-v - 1n, 2);
    }
    case 6: { // a string with edge UTF-8
      const body = [...utf8(rng.pick(["", "x", "\ufeff", "a\u0000b"])), ...rng.pick(UTF8_EDGES)];
      return [...header(body.length, 4), ...body];
    }
    case 7: { // a length past (or right at) the end
      const n = rng.int(40);
      return [...header(n + rng.range(-1, 3), rng.pick([3, 4, 5, 6])), ...rng.bytes(n)];
    }
    case 8: // huge counts and lengths
      return [...header((1n << BigInt(rng.range(20, 70))) + BigInt(rng.int(3)), rng.pick([3, 4, 5, 6])), ...rng.bytes(rng.int(4))];
    case 9:
      return craftedMap(rng);
    case 10: { // an array of crafted values
      const n = rng.range(0, 3);
      const out = header(n, 5);
      for (let i = 0; i < n; i++) out.push(...craftedScalar(rng));
      return out;
    }
    default:
      return [...encode(randomValue(new Rng(rng.u32() | 1), 2))];
  }
}

/** `depth` arrays (or maps with key "d" now and then) around `inner`: right at MAX_DEPTH matters. */
function nested(rng: FuzzRng, depth: number, inner: number[]): Uint8Array {
  const out: number[] = [];
  const maps = rng.chance(0.3);
  for (let i = 0; i < depth; i++) {
    if (maps && i % 3 === 2) out.push(...header(1, 6), 1, 0x64);
    else out.push(...header(1, 5));
  }
  return Uint8Array.from([...out, ...inner]);
}

/** A valid value with one subtree replaced by a random value. */
function replaceSubtree(rng: FuzzRng, bytes: Uint8Array): Uint8Array {
  let root: CalldataValue;
  try {
    root = decode(bytes);
  } catch {
    return bytes;
  }
  const fresh = () => (rng.chance(0.3) ? edgeInt(rng) : randomValue(new Rng(rng.u32() | 1), rng.int(3)));
  const swap = (v: CalldataValue, depth: number): CalldataValue => {
    if (depth > 40 || rng.chance(0.3)) return fresh();
    if (Array.isArray(v) && v.length > 0) {
      const copy = [...v];
      const i = rng.int(copy.length);
      copy[i] = swap(copy[i]!, depth + 1);
      return copy;
    }
    if (v instanceof Map && v.size > 0) {
      const copy = new Map(v);
      const key = [...copy.keys()][rng.int(copy.size)]!;
      copy.set(key, swap(copy.get(key)!, depth + 1));
      return copy;
    }
    if (v instanceof Address) return new Address(rng.bytes(20));
    return fresh();
  };
  try {
    return encode(swap(root, 0));
  } catch {
    return bytes;
  }
}

/** One fuzz input for the calldata decoders, from valid encodings in `corpus`. */
export function calldataInput(rng: FuzzRng, corpus: readonly Uint8Array[]): Uint8Array {
  const base = rng.pick(corpus);
  const r = rng.int(100);
  if (r < 45) return mutateBytes(rng, base, corpus);
  if (r < 55) return replaceSubtree(rng, base);
  if (r < 62) return mutateBytes(rng, replaceSubtree(rng, base), corpus, 2);
  if (r < 84) {
    const crafted = Uint8Array.from(craftedScalar(rng));
    return rng.chance(0.3) ? mutateBytes(rng, crafted, corpus, 1) : crafted;
  }
  if (r < 94) return nested(rng, rng.int(60), craftedScalar(rng));
  // right at the depth limit: rare, as each costs Python ~15 ms
  if (r < 95 && rng.chance(0.3)) {
    const depth = MAX_DEPTH + rng.range(-2, 2) + (rng.chance(0.1) ? rng.int(3000) : 0);
    return nested(rng, depth, rng.chance(0.5) ? [0] : craftedScalar(rng));
  }
  return randomGarbage(rng, 48);
}
