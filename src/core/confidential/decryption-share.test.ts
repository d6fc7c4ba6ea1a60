import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import {
  CONFIDENTIAL_INPUTS_UNAVAILABLE, type DecryptionShare, type SignedDecryptionShare, type VerifiedShare, checkShareEvidence,
  combineShares, decryptArguments, decryptWithShares, encodeDecryptionShare, sortDecryptionShares, verifyDecryptionShare,
} from "./decryption-share.js";
import { Fn, G, ORDER, encodePoint, encodeScalar, mulSecret, randomScalar } from "./group.js";
import { interpolatePointAtZero } from "./shamir.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, makeArguments, makeCommittee, makeContext, sharesFrom, text } from "./tdh2-fixtures.js";

const committee = makeCommittee(5, 3);
const ctx = makeContext(committee);
const verified = verifyCiphertext(encryptForCommittee(committee.publicKey, ctx, makeArguments()), ctx, SLOTS, committee.publicKey);
const otherVerified = verifyCiphertext(
  encryptForCommittee(committee.publicKey, ctx, makeArguments("5", "other")), ctx, SLOTS, committee.publicKey,
);

function signedBy(id: number, share: DecryptionShare): SignedDecryptionShare {
  const party = committee.parties[id - 1]!;
  return { share, signature: ed25519.sign(encodeDecryptionShare(share), party.identity.signingSecretKey) };
}

function tamper(id: number, change: (share: DecryptionShare) => DecryptionShare): SignedDecryptionShare {
  return signedBy(id, change(sharesFrom(committee, verified, [id])[0]!.share));
}

describe("decryption shares", () => {
  it("every honest share verifies against Y_i", () => {
    for (const signed of sharesFrom(committee, verified)) {
      expect(verifyDecryptionShare(verified, signed.share, committee.committee).ok).toBe(true);
    }
  });

  it("A8: each kind of bad share fails verification, is reported as signed evidence naming its sender, and decryption still succeeds", () => {
    const badShares: [string, SignedDecryptionShare][] = [
      ["random U_i", tamper(4, (share) => ({ ...share, sharePoint: encodePoint(mulSecret(G, randomScalar())) }))],
      ["share of another ciphertext", signedBy(4, { ...sharesFrom(committee, otherVerified, [4])[0]!.share, ctId: verified.ctId })],
      ["c + 1", tamper(4, (share) => ({ ...share, challenge: encodeScalar(Fn.add(Fn.fromBytes(share.challenge), 1n)) }))],
      ["z + 1", tamper(4, (share) => ({ ...share, response: encodeScalar(Fn.add(Fn.fromBytes(share.response), 1n)) }))],
      ["z = ℓ", tamper(4, (share) => ({ ...share, response: leBytes(ORDER) }))],
      ["identity U_i", tamper(4, (share) => ({ ...share, sharePoint: new Uint8Array(32) }))],
      ["another member's share relabelled", signedBy(4, { ...sharesFrom(committee, verified, [5])[0]!.share, id: 4 })],
    ];
    const honest = sharesFrom(committee, verified, [1, 2, 3]);
    for (const [name, bad] of badShares) {
      expect(verifyDecryptionShare(verified, bad.share, committee.committee).ok, name).toBe(false);
      const { plaintexts, evidence } = decryptWithShares(verified, [bad, ...honest], committee.committee);
      expect(text(plaintexts.get(0)), name).toBe("1000");
      expect(evidence.map((item) => item.accused), name).toEqual([4]);
      expect(checkShareEvidence(verified, evidence[0]!, committee.committee), name).toBe(true);
    }
  });

  it("A8 negative controls: evidence against a valid share, or with a forged signature, does not check out", () => {
    const honest = sharesFrom(committee, verified, [2])[0]!;
    expect(checkShareEvidence(verified, { signed: honest, accused: 2, reason: "made up" }, committee.committee)).toBe(false);
    const bad = tamper(2, (share) => ({ ...share, sharePoint: encodePoint(mulSecret(G, randomScalar())) }));
    const forged = { ...bad, signature: ed25519.sign(encodeDecryptionShare(bad.share), committee.parties[0]!.identity.signingSecretKey) };
    expect(checkShareEvidence(verified, { signed: forged, accused: 2, reason: "framed" }, committee.committee)).toBe(false);
    expect(checkShareEvidence(verified, { signed: bad, accused: 3, reason: "wrong name" }, committee.committee)).toBe(false);
  });

  it("A8: a share whose id was changed without its owner's signature is dropped, and duplicates count once", () => {
    const stolen = sharesFrom(committee, verified, [5])[0]!;
    const relabelled = { ...stolen, share: { ...stolen.share, id: 1 } };
    const sorted = sortDecryptionShares(verified, [relabelled, ...sharesFrom(committee, verified, [2, 2, 3])], committee.committee);
    expect(sorted.dropped).toBe(1);
    expect(sorted.shares.map((share) => share.id)).toEqual([2, 3]);
    expect(() => decryptWithShares(verified, [relabelled, ...sharesFrom(committee, verified, [2, 2, 3])], committee.committee)).toThrow(
      CONFIDENTIAL_INPUTS_UNAVAILABLE,
    );
  });

  it("A9: t−1 valid shares plus invalid ones → 'confidential inputs unavailable', no plaintext", () => {
    const bad = tamper(5, (share) => ({ ...share, challenge: encodeScalar(Fn.add(Fn.fromBytes(share.challenge), 1n)) }));
    expect(() => decryptWithShares(verified, [...sharesFrom(committee, verified, [1, 2]), bad], committee.committee)).toThrow(
      CONFIDENTIAL_INPUTS_UNAVAILABLE,
    );
  });

  it("A9 negative control: a forged share combined without verification makes the DEM fail", () => {
    const valid = sortDecryptionShares(verified, sharesFrom(committee, verified, [1, 2]), committee.committee).shares;
    const forged = { id: 3, point: mulSecret(G, randomScalar()), __verifiedShare: true } as VerifiedShare;
    expect(() => decryptArguments(verified, combineShares([...valid, forged], 3))).toThrow("confidential argument could not be decrypted");
  });

  it("A10: t−1 dumped key shares cannot decrypt (even with a guessed last share); exactly t can", () => {
    const u = verified.kemPoint;
    const dumped = [1, 2, 3].map((id) => ({ id, point: mulSecret(u, committee.results[id - 1]!.secretShare.secret) }));
    expect(text(decryptArguments(verified, interpolatePointAtZero(dumped)).get(2))).toBe("sealed note MARKER-7f3a");
    expect(() => decryptArguments(verified, interpolatePointAtZero(dumped.slice(0, 2)))).toThrow(
      "confidential argument could not be decrypted",
    );
    for (let guess = 0; guess < 5; guess++) {
      const guessed = [...dumped.slice(0, 2), { id: 3, point: mulSecret(u, randomScalar()) }];
      expect(() => decryptArguments(verified, interpolatePointAtZero(guessed))).toThrow("confidential argument could not be decrypted");
    }
  });

  it("any t distinct members decrypt; combine uses only the first t and refuses fewer", () => {
    for (const ids of [[1, 2, 3], [3, 4, 5], [1, 5, 2], [2, 3, 4, 5]]) {
      const { plaintexts } = decryptWithShares(verified, sharesFrom(committee, verified, ids), committee.committee);
      expect(text(plaintexts.get(0))).toBe("1000");
    }
    expect(() => combineShares([], 1)).toThrow(CONFIDENTIAL_INPUTS_UNAVAILABLE);
  });

  it("A16: a share from an id outside the committee is rejected", () => {
    const outsider = { ...sharesFrom(committee, verified, [1])[0]!.share, id: 9 };
    expect(verifyDecryptionShare(verified, outsider, committee.committee)).toEqual({ ok: false, reason: "share id 9 is not a committee member" });
  });
});

function leBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}
