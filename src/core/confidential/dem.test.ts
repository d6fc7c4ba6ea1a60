import { gcm } from "@noble/ciphers/aes.js";
import { bytesToHex, hexToBytes } from "@noble/curves/utils.js";
import { expand, extract, hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { demOpen, demSeal, deriveDemKey } from "./dem.js";
import { ConfidentialCryptoError, G, mulSecret, randomScalar, utf8 } from "./group.js";

describe("primitive vectors", () => {
  it("HKDF-SHA256 matches RFC 5869 A.1 (test case 1)", () => {
    const ikm = hexToBytes("0b".repeat(22));
    const salt = hexToBytes("000102030405060708090a0b0c");
    const info = hexToBytes("f0f1f2f3f4f5f6f7f8f9");
    const prk = extract(sha256, ikm, salt);
    expect(bytesToHex(prk)).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    const okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";
    expect(bytesToHex(expand(sha256, prk, info, 42))).toBe(okm);
    expect(bytesToHex(hkdf(sha256, ikm, salt, info, 42))).toBe(okm);
  });

  it("AES-256-GCM matches the GCM specification test cases 13, 14 and 16", () => {
    const zeroKey = new Uint8Array(32);
    const zeroIv = new Uint8Array(12);
    expect(bytesToHex(gcm(zeroKey, zeroIv).encrypt(new Uint8Array(0)))).toBe("530f8afbc74536b9a963b4f1c4cb738b");
    expect(bytesToHex(gcm(zeroKey, zeroIv).encrypt(new Uint8Array(16)))).toBe(
      "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919",
    );
    const key = hexToBytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const iv = hexToBytes("cafebabefacedbaddecaf888");
    const aad = hexToBytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const plaintext = hexToBytes(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    );
    const expected =
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" +
      "76fc6ece0f4e1768cddf8853bb2d551b";
    expect(bytesToHex(gcm(key, iv, aad).encrypt(plaintext))).toBe(expected);
    expect(bytesToHex(gcm(key, iv, aad).decrypt(hexToBytes(expected)))).toBe(bytesToHex(plaintext));
  });
});

describe("argument DEM", () => {
  const y = mulSecret(G, randomScalar());
  const r = randomScalar();
  const u = mulSecret(G, r);
  const z = mulSecret(y, r);

  it("seals and opens under the same label; a different label fails with one clear line", () => {
    const label = utf8("label-a");
    const body = demSeal(deriveDemKey(z, u, y, label), label, utf8("secret bid 42"));
    expect(new TextDecoder().decode(demOpen(deriveDemKey(z, u, y, label), label, body))).toBe("secret bid 42");
    const other = utf8("label-b");
    expect(() => demOpen(deriveDemKey(z, u, y, other), other, body)).toThrow("confidential argument could not be decrypted");
    expect(() => demOpen(deriveDemKey(z, u, y, other), label, body)).toThrow(ConfidentialCryptoError);
  });

  it("A14: two arguments under one KEM secret get distinct (key, nonce); many KEMs never repeat one", () => {
    const first = deriveDemKey(z, u, y, utf8("arg-0"));
    const second = deriveDemKey(z, u, y, utf8("arg-1"));
    expect(bytesToHex(first.key)).not.toBe(bytesToHex(second.key));
    expect(bytesToHex(first.nonce)).not.toBe(bytesToHex(second.nonce));
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const ri = randomScalar();
      const dem = deriveDemKey(mulSecret(y, ri), mulSecret(G, ri), y, utf8("same label"));
      seen.add(bytesToHex(dem.key) + bytesToHex(dem.nonce));
    }
    expect(seen.size).toBe(100);
  });

  it("A14: a GCM instance refuses a second encrypt; negative control: reusing key+nonce leaks p1 xor p2", () => {
    const dem = deriveDemKey(z, u, y, utf8("x"));
    const cipher = gcm(dem.key, dem.nonce);
    cipher.encrypt(utf8("first"));
    expect(() => cipher.encrypt(utf8("again"))).toThrow();
    const p1 = utf8("attack at dawn!!");
    const p2 = utf8("retreat at noon!");
    const c1 = gcm(dem.key, dem.nonce).encrypt(p1);
    const c2 = gcm(dem.key, dem.nonce).encrypt(p2);
    for (let i = 0; i < p1.length; i++) expect(c1[i]! ^ c2[i]!).toBe(p1[i]! ^ p2[i]!);
  });
});
