/**
 * Seeded random round trip. The generator is mirrored exactly in src/sdk/tests/test_calldata.py
 * (same xorshift32 stream, same decisions), and both tests assert the same digest of all the
 * encodings and texts, so the TypeScript and Python codecs are checked byte for byte.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { decode, encode, toText, toTypedJson, type CalldataValue } from "./index";
import { COUNT, randomValues } from "./random-values";

const RANDOM_DIGEST = "11c8f86b24239f0da49ab8bf1f6ce1117102f5f3b7fee0a64109431d303cfa92";

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
