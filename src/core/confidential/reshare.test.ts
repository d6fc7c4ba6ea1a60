import { randomBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { createDecryptionShare, decryptArguments, decryptWithShares } from "./decryption-share.js";
import { type DkgParty, newDkgCommittee } from "./dkg-ceremony.js";
import type { DkgResult } from "./dkg.js";
import { Fn, G, encodePoint, mulSecret, randomScalar } from "./group.js";
import { signMessage } from "./dkg-messages.js";
import {
  type ReshareBundle, type ReshareConfig, createReshareBundle, finalizeReshare, justifyReshareComplaints, processReshareDeals,
  reshareSigningBytes, screenReshareBundles,
} from "./reshare.js";
import { interpolatePointAtZero } from "./shamir.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, makeArguments, makeCommittee, makeContext, sharesFrom, text } from "./tdh2-fixtures.js";

const old = makeCommittee(5, 3);
const ctx = makeContext(old);
const oldCiphertext = encryptForCommittee(old.publicKey, ctx, makeArguments());

function reshareConfig(newParties: readonly DkgParty[], newThreshold: number): ReshareConfig {
  return {
    sessionId: randomBytes(32),
    publicKey: old.publicKey,
    oldVerificationKeys: old.results[0]!.verificationKeys,
    oldThreshold: 3,
    oldMembers: old.parties.map((party) => party.member),
    newThreshold,
    newMembers: newParties.map((party) => party.member),
  };
}

/** Old dealers `dealers` reshare to the new committee; returns each new member's result or error. */
function runReshare(config: ReshareConfig, newParties: readonly DkgParty[], bundles: readonly ReshareBundle[], polynomials: Map<number, readonly bigint[]>) {
  const screened = screenReshareBundles(config, bundles);
  const round2 = newParties.map((party) => processReshareDeals(config, party.identity, screened));
  const complaints = round2.flatMap((output) => output.complaints);
  const justifications = [...polynomials].flatMap(([dealer, polynomial]) =>
    justifyReshareComplaints(config, old.parties[dealer - 1]!.identity, polynomial, complaints),
  );
  const results = newParties.map((party, index) => {
    try {
      return finalizeReshare(config, party.identity, screened, round2[index]!.subShares, complaints, justifications);
    } catch (error) {
      return error as Error;
    }
  });
  return { screened, complaints, results };
}

function deal(config: ReshareConfig, dealers: readonly number[]) {
  const polynomials = new Map<number, readonly bigint[]>();
  const bundles = dealers.map((id) => {
    const { bundle, polynomial } = createReshareBundle(config, old.parties[id - 1]!.identity, old.results[id - 1]!.secretShare.secret);
    polynomials.set(id, polynomial);
    return bundle;
  });
  return { bundles, polynomials };
}

function ok(results: readonly (DkgResult | Error)[]): DkgResult[] {
  return results.map((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
}

describe("resharing to a new committee (same public key)", () => {
  it("4 old dealers → new committee of 4 with t = 2: Y unchanged and old ciphertexts decrypt with new shares", () => {
    const { parties: newParties } = newDkgCommittee(4, 2);
    const config = reshareConfig(newParties, 2);
    const { bundles, polynomials } = deal(config, [1, 2, 4, 5]);
    const results = ok(runReshare(config, newParties, bundles, polynomials).results);
    for (const result of results) {
      expect(result.publicKey.equals(old.publicKey)).toBe(true);
      expect(result.commitments[0]!.equals(old.publicKey)).toBe(true);
      expect(result.qual).toEqual([1, 2, 4, 5]);
      expect(mulSecret(G, result.secretShare.secret).equals(result.verificationKeys.get(result.secretShare.id)!)).toBe(true);
    }
    const verified = verifyCiphertext(oldCiphertext, ctx, SLOTS, old.publicKey);
    const newCommittee = {
      threshold: 2,
      verificationKeys: results[0]!.verificationKeys,
      signingKeys: new Map(newParties.map((party) => [party.member.id, party.member.signingPublicKey])),
    };
    const shares = [2, 4].map((id) => createDecryptionShare(verified, results[id - 1]!.secretShare, newParties[id - 1]!.identity.signingSecretKey));
    expect(text(decryptWithShares(verified, shares, newCommittee).plaintexts.get(0))).toBe("1000");
  });

  it("A13: a dealer resharing a different secret is evicted; the rest still reshare Y", () => {
    const { parties: newParties } = newDkgCommittee(3, 2);
    const config = reshareConfig(newParties, 2);
    const { bundles, polynomials } = deal(config, [1, 2, 3, 4]);
    bundles[0] = createReshareBundle(config, old.parties[0]!.identity, Fn.add(old.results[0]!.secretShare.secret, 1n)).bundle;
    const { screened, results } = runReshare(config, newParties, bundles, polynomials);
    expect(screened.evicted).toEqual([{ dealer: 1, reason: "dealt secret is not the dealer's old share" }]);
    for (const result of ok(results)) expect(result.publicKey.equals(old.publicKey)).toBe(true);
  });

  it("A13: only t_old − 1 qualified dealers → abort (t_old comes from the chain config)", () => {
    const { parties: newParties } = newDkgCommittee(3, 2);
    const config = reshareConfig(newParties, 2);
    const { bundles, polynomials } = deal(config, [2, 3]);
    for (const result of runReshare(config, newParties, bundles, polynomials).results) {
      expect((result as Error).message).toBe("reshare aborted: only 2 qualified dealers, 3 needed");
    }
  });

  it("A13: mixing old and new shares in one combination does not decrypt", () => {
    const { parties: newParties } = newDkgCommittee(4, 3);
    const config = reshareConfig(newParties, 3);
    const { bundles, polynomials } = deal(config, [1, 2, 3]);
    const results = ok(runReshare(config, newParties, bundles, polynomials).results);
    const verified = verifyCiphertext(oldCiphertext, ctx, SLOTS, old.publicKey);
    const u = verified.kemPoint;
    const mixed = [
      { id: 1, point: mulSecret(u, old.results[0]!.secretShare.secret) },
      { id: 2, point: mulSecret(u, results[1]!.secretShare.secret) },
      { id: 3, point: mulSecret(u, results[2]!.secretShare.secret) },
    ];
    const onlyNew = [1, 2, 3].map((id) => ({ id, point: mulSecret(u, results[id - 1]!.secretShare.secret) }));
    const oldOnly = [1, 2, 3].map((id) => ({ id, point: mulSecret(u, old.results[id - 1]!.secretShare.secret) }));
    expect(interpolatePointAtZero(onlyNew).equals(interpolatePointAtZero(oldOnly))).toBe(true);
    expect(text(decryptArguments(verified, interpolatePointAtZero(onlyNew)).get(0))).toBe("1000");
    expect(() => decryptArguments(verified, interpolatePointAtZero(mixed))).toThrow("confidential argument could not be decrypted");
    expect(text(decryptWithShares(verified, sharesFrom(old, verified, [1, 2, 3]), old.committee).plaintexts.get(0))).toBe("1000");
  });

  it("a missing sub-deal is complained about and justified; the new member still gets a correct share", () => {
    const { parties: newParties } = newDkgCommittee(3, 2);
    const config = reshareConfig(newParties, 2);
    const { bundles, polynomials } = deal(config, [1, 2, 3]);
    const withoutDeal = { ...bundles[0]!, deals: bundles[0]!.deals.filter((item) => item.recipient !== 3) };
    bundles[0] = { ...withoutDeal, signature: signMessage(reshareSigningBytes(withoutDeal), old.parties[0]!.identity.signingSecretKey) };
    const { complaints, results } = runReshare(config, newParties, bundles, polynomials);
    expect(complaints.map((item) => [item.accuser, item.dealer, item.reason])).toEqual([[3, 1, "missing deal"]]);
    const resolved = ok(results);
    for (const result of resolved) expect(result.qual).toEqual([1, 2, 3]);
    expect(mulSecret(G, resolved[2]!.secretShare.secret).equals(resolved[0]!.verificationKeys.get(3)!)).toBe(true);
  });

  it("a replayed reshare bundle from another session and a bundle signed by a non-member are evicted", () => {
    const { parties: newParties } = newDkgCommittee(3, 2);
    const config = reshareConfig(newParties, 2);
    const { bundles } = deal(config, [1, 2, 3]);
    const replay = createReshareBundle({ ...config, sessionId: randomBytes(32) }, old.parties[3]!.identity, old.results[3]!.secretShare.secret).bundle;
    const outsider = { ...bundles[2]!, dealer: 9 };
    const forged = { ...bundles[1]!, commitments: [encodePoint(mulSecret(G, randomScalar())), bundles[1]!.commitments[1]!] };
    const signedForged = { ...forged, signature: signMessage(reshareSigningBytes(forged), old.parties[0]!.identity.signingSecretKey) };
    const screened = screenReshareBundles(config, [bundles[0]!, replay, outsider, signedForged]);
    expect(screened.evicted.map((item) => [item.dealer, item.reason])).toEqual([
      [4, "bundle belongs to another reshare session"],
      [9, "dealer is not an old committee member"],
      [2, "bad signature"],
    ]);
    expect([...screened.accepted.keys()]).toEqual([1]);
  });
});
