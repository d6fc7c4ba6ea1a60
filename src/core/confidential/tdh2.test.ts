import { describe, expect, it } from "vitest";
import { decryptArguments, decryptWithShares } from "./decryption-share.js";
import { Fn, G, GBAR, ORDER, Point, encodePoint, encodeScalar, mulSecret, randomScalar } from "./group.js";
import { type ConfidentialTxContext, checkKeyGeneration } from "./label.js";
import { interpolatePointAtZero } from "./shamir.js";
import { RFC9496_BAD_ENCODINGS } from "./rfc9496-vectors.js";
import { hexToBytes } from "@noble/curves/utils.js";
import {
  ConsumedKemPoints, INVALID_CIPHERTEXT, type Tdh2Ciphertext, type VerifiedCiphertext, encryptForCommittee, verifyCiphertext,
} from "./tdh2.js";
import { SLOTS, address, makeArguments, makeCommittee, makeContext, sharesFrom, text } from "./tdh2-fixtures.js";

const committee = makeCommittee(5, 3);
const ctx = makeContext(committee);
const ciphertext = encryptForCommittee(committee.publicKey, ctx, makeArguments());

function rejects(candidate: Tdh2Ciphertext, context: ConfidentialTxContext = ctx, slots = SLOTS): void {
  expect(() => verifyCiphertext(candidate, context, slots, committee.publicKey)).toThrow(INVALID_CIPHERTEXT);
}

function flip(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index] = out[index]! ^ mask;
  return out;
}

describe("TDH2 encryption to the committee", () => {
  it("round trip: verify, t shares from the DKG committee, decrypt both arguments", () => {
    const verified = verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey);
    const { plaintexts, evidence } = decryptWithShares(verified, sharesFrom(committee, verified, [1, 3, 5]), committee.committee);
    expect(text(plaintexts.get(0))).toBe("1000");
    expect(text(plaintexts.get(2))).toBe("sealed note MARKER-7f3a");
    expect(evidence).toEqual([]);
  });

  it("two encryptions of the same arguments differ (fresh r, s)", () => {
    const again = encryptForCommittee(committee.publicKey, ctx, makeArguments());
    expect(again.u).not.toEqual(ciphertext.u);
    expect(again.args[0]!.body).not.toEqual(ciphertext.args[0]!.body);
  });

  it("A1: flipping any byte of any DEM body, dropping or reordering arguments is rejected", () => {
    ciphertext.args.forEach((arg, k) => {
      for (let index = 0; index < arg.body.length; index++) {
        const args = ciphertext.args.map((other, j) => (j === k ? { ...other, body: flip(other.body, index) } : other));
        rejects({ ...ciphertext, args });
      }
    });
    rejects({ ...ciphertext, args: ciphertext.args.slice(0, 1) });
    rejects({ ...ciphertext, args: [...ciphertext.args].reverse() });
  });

  it("A1 negative control: with the validity check bypassed, GCM itself refuses a tampered body", () => {
    const verified = verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey);
    const tampered = { ...ciphertext, args: [{ ...ciphertext.args[0]!, body: flip(ciphertext.args[0]!.body, 0) }, ciphertext.args[1]!] };
    const bypassed: VerifiedCiphertext = { ...verified, ciphertext: tampered };
    const realZ = interpolatePointAtZero(
      [1, 2, 3].map((id) => ({ id, point: mulSecret(verified.kemPoint, committee.results[id - 1]!.secretShare.secret) })),
    );
    expect(() => decryptArguments(bypassed, realZ)).toThrow("confidential argument could not be decrypted");
    expect(text(decryptArguments(verified, realZ).get(0))).toBe("1000");
  });

  it("A2: KEM malleations (U+G, k·U, U↔Ū, e±1, f±1) and random byte mutations are all rejected", () => {
    const u = Point.fromBytes(ciphertext.u);
    const e = Fn.fromBytes(ciphertext.e);
    const f = Fn.fromBytes(ciphertext.f);
    rejects({ ...ciphertext, u: encodePoint(u.add(G)) });
    rejects({ ...ciphertext, u: encodePoint(mulSecret(u, 2n)), uBar: encodePoint(mulSecret(Point.fromBytes(ciphertext.uBar), 2n)) });
    rejects({ ...ciphertext, u: ciphertext.uBar, uBar: ciphertext.u });
    for (const delta of [1n, ORDER - 1n]) {
      rejects({ ...ciphertext, e: encodeScalar(Fn.add(e, delta)) });
      rejects({ ...ciphertext, f: encodeScalar(Fn.add(f, delta)) });
    }
    const fields = ["u", "uBar", "e", "f"] as const;
    for (let trial = 0; trial < 200; trial++) {
      const field = fields[trial % 4]!;
      const index = (trial * 7) % 32;
      const mask = 1 << (trial % 8);
      rejects({ ...ciphertext, [field]: flip(ciphertext[field], index, mask) });
    }
  });

  it("A2: e = ℓ or f = ℓ (non-canonical scalars) are rejected", () => {
    rejects({ ...ciphertext, e: numberToLe(ORDER) });
    rejects({ ...ciphertext, f: numberToLe(ORDER) });
    rejects({ ...ciphertext, f: numberToLe(Fn.fromBytes(ciphertext.f) + ORDER) });
  });

  it("A15: RFC 9496 bad encodings and the identity as U or Ū are rejected", () => {
    for (const hex of RFC9496_BAD_ENCODINGS) {
      rejects({ ...ciphertext, u: hexToBytes(hex) });
      rejects({ ...ciphertext, uBar: hexToBytes(hex) });
    }
    rejects({ ...ciphertext, u: new Uint8Array(32) });
    rejects({ ...ciphertext, uBar: new Uint8Array(32) });
  });

  it("A3: the victim's U copied into an attacker's transaction is rejected; negative control shows the oracle", () => {
    const attackerCtx = makeContext(committee, { contract: address(0xee), sender: address(0xbb), method: "steal" });
    // Copy the victim's KEM and proof as-is, and with a made-up proof (the attacker does not know r).
    rejects({ ...ciphertext }, attackerCtx);
    rejects({ ...ciphertext, e: encodeScalar(randomScalar()), f: encodeScalar(randomScalar()) }, attackerCtx);
    // Attacker's own honest ciphertext with U replaced by the victim's.
    const own = encryptForCommittee(committee.publicKey, attackerCtx, makeArguments("1", "x"));
    rejects({ ...own, u: ciphertext.u, uBar: ciphertext.uBar }, attackerCtx);
    // Negative control: shares for the victim's U (what validators would release without the check)
    // let the attacker decrypt the victim's arguments.
    const victimVerified = verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey);
    const leakedZ = interpolatePointAtZero(
      [2, 4, 5].map((id) => ({ id, point: mulSecret(Point.fromBytes(ciphertext.u), committee.results[id - 1]!.secretShare.secret) })),
    );
    expect(text(decryptArguments(victimVerified, leakedZ).get(2))).toBe("sealed note MARKER-7f3a");
  });

  it("A4: swapped argument positions or a changed ABI type are rejected with identical error text", () => {
    const messages = new Set<string>();
    const attempts: (() => unknown)[] = [
      () => verifyCiphertext(ciphertext, ctx, [SLOTS[1]!, SLOTS[0]!], committee.publicKey),
      () => verifyCiphertext(ciphertext, ctx, [{ argIndex: 0, typeHint: "bytes" }, SLOTS[1]!], committee.publicKey),
      () => verifyCiphertext(ciphertext, ctx, [SLOTS[0]!, { argIndex: 1, typeHint: "str" }], committee.publicKey),
      () => verifyCiphertext({ ...ciphertext, args: [ciphertext.args[1]!, ciphertext.args[0]!] }, ctx, SLOTS, committee.publicKey),
      () => verifyCiphertext({ ...ciphertext, e: numberToLe(ORDER) }, ctx, SLOTS, committee.publicKey),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
        messages.add("accepted");
      } catch (error) {
        messages.add((error as Error).message);
      }
    }
    expect([...messages]).toEqual([INVALID_CIPHERTEXT]);
  });

  it("A5: changing any one label field rejects the ciphertext; the unchanged context is accepted", () => {
    const otherCommittee = new Uint8Array(32).fill(9);
    const cases: [string, Partial<ConfidentialTxContext>][] = [
      ["chain", { chainId: 8n }],
      ["committee", { committeeId: otherCommittee }],
      ["key generation", { keyGeneration: 2 }],
      ["contract", { contract: address(0xc1) }],
      ["method", { method: "withdraw" }],
      ["sender", { sender: address(0xa2) }],
      ["sender nonce", { senderNonce: 43n }],
    ];
    for (const [field, override] of cases) {
      expect(() => verifyCiphertext(ciphertext, makeContext(committee, override), SLOTS, committee.publicKey), field).toThrow(
        INVALID_CIPHERTEXT,
      );
    }
    // Ciphertext metadata rewritten to match the other context is still bound to the original label.
    rejects({ ...ciphertext, committeeId: otherCommittee }, makeContext(committee, { committeeId: otherCommittee }));
    rejects({ ...ciphertext, keyGeneration: 2 }, makeContext(committee, { keyGeneration: 2 }));
    expect(() => verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey)).not.toThrow();
    // The committee key is bound as well: the same bytes checked against another key are rejected.
    expect(() => verifyCiphertext(ciphertext, ctx, SLOTS, mulSecret(G, randomScalar()))).toThrow(INVALID_CIPHERTEXT);
  });

  it("A6: the same ciphertext is consumed once; re-wrapping it under a new sender nonce fails the label", () => {
    const seen = new ConsumedKemPoints();
    const verified = verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey);
    seen.consume(verified);
    expect(() => seen.consume(verifyCiphertext(ciphertext, ctx, SLOTS, committee.publicKey))).toThrow(
      "confidential ciphertext was already used",
    );
    seen.consume(verifyCiphertext(encryptForCommittee(committee.publicKey, ctx, makeArguments()), ctx, SLOTS, committee.publicKey));
    rejects(ciphertext, makeContext(committee, { senderNonce: 43n }));
  });

  it("A7: key generations inside [g−1, g] are accepted, future and older ones are not", () => {
    expect(checkKeyGeneration(5, 5)).toBe("current");
    expect(checkKeyGeneration(4, 5)).toBe("grace");
    expect(checkKeyGeneration(6, 5)).toBe("future");
    expect(checkKeyGeneration(3, 5)).toBe("too-old");
  });

  it("refuses to encrypt when the argument list does not match the context", () => {
    expect(() => encryptForCommittee(committee.publicKey, makeContext(committee, { confidentialArgCount: 3 }), makeArguments())).toThrow(
      "expected 3 confidential arguments, got 2",
    );
    const duplicate = makeArguments().map((arg) => ({ ...arg, argIndex: 0 }));
    expect(() => encryptForCommittee(committee.publicKey, ctx, duplicate)).toThrow("confidential argument index 0 is invalid or repeated");
    // The same problems on the validator side give the uniform error.
    rejects(ciphertext, makeContext(committee, { confidentialArgCount: 3 }));
    rejects(ciphertext, ctx, [SLOTS[0]!, { ...SLOTS[1]!, argIndex: 0 }]);
    expect(() => encryptForCommittee(Point.ZERO, ctx, makeArguments())).toThrow("committee public key is the identity");
    expect(GBAR.is0()).toBe(false);
  });
});

function numberToLe(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}
