import { bytesToHex, hexToBytes } from "@noble/curves/utils.js";
import { describe, expect, it } from "vitest";
import {
  ConfidentialCryptoError, DST, Fn, G, GBAR, ORDER, Point, decodePoint, decodeScalar, encodeScalar, hashToPoint,
  hashToScalar, lengthPrefixed, mulPublic, mulSecret, randomScalar, u32be, u64be, utf8,
} from "./group.js";
import { ristretto255_hasher } from "@noble/curves/ed25519.js";
import {
  RFC9496_BAD_ENCODINGS, RFC9496_ELEMENT_DERIVATION, RFC9496_MULTIPLES_OF_BASE as MULTIPLES_OF_BASE,
} from "./rfc9496-vectors.js";

describe("ristretto255 group (RFC 9496)", () => {
  it("encodes n·B for n = 0..15 exactly as RFC 9496 A.1, by addition and by multiplication", () => {
    let sum = Point.ZERO;
    MULTIPLES_OF_BASE.forEach((hex, n) => {
      expect(bytesToHex(sum.toBytes())).toBe(hex);
      if (n > 0) expect(bytesToHex(mulSecret(G, BigInt(n)).toBytes())).toBe(hex);
      expect(bytesToHex(mulPublic(G, BigInt(n)).toBytes())).toBe(hex);
      sum = sum.add(G);
    });
  });

  it("decodes every A.1 encoding and round-trips it; identity only when allowed", () => {
    for (const hex of MULTIPLES_OF_BASE.slice(1)) expect(bytesToHex(decodePoint(hexToBytes(hex), "P").toBytes())).toBe(hex);
    expect(decodePoint(hexToBytes(MULTIPLES_OF_BASE[0]!), "P", true).is0()).toBe(true);
    expect(() => decodePoint(hexToBytes(MULTIPLES_OF_BASE[0]!), "U")).toThrow("U must not be the identity");
  });

  it("A15: rejects every RFC 9496 A.2 bad encoding with one clear line", () => {
    for (const hex of RFC9496_BAD_ENCODINGS) {
      expect(() => decodePoint(hexToBytes(hex), "U"), hex).toThrow(ConfidentialCryptoError);
      expect(() => decodePoint(hexToBytes(hex), "U", true), hex).toThrow("U is not a canonical ristretto255 point");
    }
    expect(() => decodePoint(new Uint8Array(31), "U", true)).toThrow(ConfidentialCryptoError);
  });

  it("derives elements from 64 uniform bytes as RFC 9496 A.3 (the map under hash-to-curve)", () => {
    for (const vector of RFC9496_ELEMENT_DERIVATION) {
      expect(bytesToHex(ristretto255_hasher.deriveToCurve!(hexToBytes(vector.input)).toBytes())).toBe(vector.output);
    }
  });

  it("A2: scalars must be canonical (< ℓ); ℓ and ℓ+1 are refused, ℓ−1 accepted", () => {
    const le = (value: bigint) => {
      const out = new Uint8Array(32);
      for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
      return out;
    };
    expect(decodeScalar(le(ORDER - 1n), "f")).toBe(ORDER - 1n);
    expect(() => decodeScalar(le(ORDER), "f")).toThrow("f is not a canonical scalar");
    expect(() => decodeScalar(le(ORDER + 1n), "f")).toThrow(ConfidentialCryptoError);
    expect(decodeScalar(encodeScalar(12345n), "f")).toBe(12345n);
  });
});

describe("encoding and domain separation", () => {
  it("length-prefixes every part so different splits never collide", () => {
    expect(bytesToHex(lengthPrefixed(utf8("ab"), utf8("c")))).toBe("0000000261620000000163");
    expect(bytesToHex(lengthPrefixed(utf8("a"), utf8("bc")))).not.toBe(bytesToHex(lengthPrefixed(utf8("ab"), utf8("c"))));
    expect(bytesToHex(u32be(258))).toBe("00000102");
    expect(bytesToHex(u64be(1n << 40n))).toBe("0000010000000000");
    expect(() => u32be(-1)).toThrow(ConfidentialCryptoError);
  });

  it("all DSTs are distinct and share the GL-CIC-v1 prefix", () => {
    const tags = Object.values(DST);
    expect(new Set(tags).size).toBe(tags.length);
    for (const tag of tags) expect(tag.startsWith("GL-CIC-v1:")).toBe(true);
  });

  it("hashToScalar depends on the DST and on the part boundaries", () => {
    const a = hashToScalar(DST.tdh2Ciphertext, utf8("x"), utf8("y"));
    expect(a).toBe(hashToScalar(DST.tdh2Ciphertext, utf8("x"), utf8("y")));
    expect(a).not.toBe(hashToScalar(DST.tdh2Share, utf8("x"), utf8("y")));
    expect(a).not.toBe(hashToScalar(DST.tdh2Ciphertext, utf8("xy")));
    expect(a < ORDER).toBe(true);
  });

  it("Ḡ is a fixed non-identity point different from G, derived by hash-to-curve", () => {
    expect(GBAR.is0()).toBe(false);
    expect(GBAR.equals(G)).toBe(false);
    expect(GBAR.equals(hashToPoint(DST.h2cGbar, utf8("Gbar")))).toBe(true);
    expect(GBAR.equals(hashToPoint(DST.h2cState, utf8("Gbar")))).toBe(false);
  });

  it("random scalars are non-zero and canonical", () => {
    for (let i = 0; i < 50; i++) {
      const scalar = randomScalar();
      expect(scalar > 0n && scalar < ORDER).toBe(true);
      expect(Fn.isValid(scalar)).toBe(true);
    }
  });
});
