import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { verifyEd25519 } from "./ed25519-verify";

const ORDER = ed25519.Point.Fn.ORDER;

function toLittleEndian(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function fromLittleEndian(bytes: Uint8Array): bigint {
  return bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** Both verifiers must give the same answer; returns it. */
function agree(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  let reference: boolean;
  try {
    reference = ed25519.verify(signature, message, publicKey);
  } catch {
    reference = false;
  }
  const ours = verifyEd25519(signature, message, publicKey);
  expect(ours).toBe(reference);
  return ours;
}

describe("verifyEd25519 (cached keys) accepts exactly what noble's ed25519.verify accepts", () => {
  const keys = Array.from({ length: 4 }, (_, k) => ed25519.keygen(new Uint8Array(32).fill(k + 1)));

  it("valid signatures verify, repeatedly (cached key) and for several keys and message lengths", () => {
    for (const [k, { secretKey, publicKey }] of keys.entries()) {
      for (const length of [0, 1, 64, 300]) {
        const message = new Uint8Array(length).fill(k + length);
        const signature = ed25519.sign(message, secretKey);
        expect(agree(signature, message, publicKey)).toBe(true);
        expect(agree(signature, message, publicKey)).toBe(true);
      }
    }
  });

  it("every single-bit flip of the signature, the message or the key is rejected", () => {
    const { secretKey, publicKey } = keys[0]!;
    const message = Uint8Array.from({ length: 40 }, (_, i) => i);
    const signature = ed25519.sign(message, secretKey);
    for (let bit = 0; bit < 512; bit += 7) {
      const bad = signature.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(agree(bad, message, publicKey)).toBe(false);
    }
    for (let bit = 0; bit < message.length * 8; bit += 5) {
      const bad = message.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(agree(signature, bad, publicKey)).toBe(false);
    }
    for (let bit = 0; bit < 256; bit += 3) {
      const bad = publicKey.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      agree(signature, message, bad);
    }
    expect(agree(signature, message, keys[1]!.publicKey)).toBe(false);
  });

  it("s + ℓ (malleated scalar) and wrong lengths are rejected", () => {
    const { secretKey, publicKey } = keys[2]!;
    const message = Uint8Array.of(9, 9, 9);
    const signature = ed25519.sign(message, secretKey);
    const s = fromLittleEndian(signature.subarray(32));
    const malleated = Uint8Array.from([...signature.subarray(0, 32), ...toLittleEndian(s + ORDER, 32)]);
    expect(agree(malleated, message, publicKey)).toBe(false);
    expect(verifyEd25519(signature.subarray(0, 63), message, publicKey)).toBe(false);
    expect(verifyEd25519(signature, message, publicKey.subarray(0, 31))).toBe(false);
    expect(verifyEd25519(new Uint8Array(64), message, publicKey)).toBe(false);
  });

  it("small-order keys and R (ZIP-215 rules) get the same verdict as noble", () => {
    const identity = Uint8Array.from([1, ...new Array(31).fill(0)]);
    const minusOne = Uint8Array.from([0xec, ...new Array(30).fill(0xff), 0x7f]);
    const zero = new Uint8Array(32);
    for (const publicKey of [identity, minusOne, zero]) {
      for (const r of [identity, minusOne, zero]) {
        for (const s of [0n, 1n]) {
          agree(Uint8Array.from([...r, ...toLittleEndian(s, 32)]), Uint8Array.of(1, 2, 3), publicKey);
        }
      }
    }
    expect(agree(Uint8Array.from([...identity, ...new Array(32).fill(0)]), Uint8Array.of(1), identity)).toBe(true);
  });
});
