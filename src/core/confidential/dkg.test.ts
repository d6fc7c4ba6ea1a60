import { randomBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { decryptWithShares, createDecryptionShare } from "./decryption-share.js";
import { type DkgParty, newDkgCommittee, runDkgCeremony, runHonestDkg } from "./dkg-ceremony.js";
import {
  type Complaint, type DealerBundle, type DkgConfig, bundleSigningBytes, complaintSigningBytes, sealDeal, signMessage,
} from "./dkg-messages.js";
import { type DkgResult, createDealerBundle, processDeals, qualifiedDealers } from "./dkg.js";
import { Fn, G, Point, encodePoint, encodeScalar, mulSecret, randomScalar } from "./group.js";
import { type Polynomial, interpolateScalarAtZero } from "./shamir.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, makeArguments, text } from "./tdh2-fixtures.js";
import { committeeIdFor, type ConfidentialTxContext } from "./label.js";

function resign(bundle: DealerBundle, party: DkgParty): DealerBundle {
  return { ...bundle, signature: signMessage(bundleSigningBytes(bundle), party.identity.signingSecretKey) };
}

function deal(config: DkgConfig, parties: readonly DkgParty[]) {
  const dealt = parties.map((party) => createDealerBundle(config, party.identity));
  const polynomials = new Map<number, Polynomial>(dealt.map((entry, index) => [parties[index]!.identity.id, entry.polynomial]));
  return { bundles: dealt.map((entry) => entry.bundle), polynomials };
}

function okResults(results: ReadonlyMap<number, DkgResult | Error>, ids: readonly number[]): DkgResult[] {
  return ids.map((id) => {
    const result = results.get(id)!;
    if (result instanceof Error) throw result;
    return result;
  });
}

/** All honest parties agree on QUAL, Y, commitments and verification keys, and their shares interpolate to log Y. */
function expectAgreement(results: readonly DkgResult[], qual: readonly number[], polynomials: ReadonlyMap<number, Polynomial>, t: number) {
  for (const result of results) {
    expect(result.qual).toEqual(qual);
    expect(result.publicKey.equals(results[0]!.publicKey)).toBe(true);
    expect(result.transcriptHash).toEqual(results[0]!.transcriptHash);
    expect(mulSecret(G, result.secretShare.secret).equals(result.verificationKeys.get(result.secretShare.id)!)).toBe(true);
  }
  const secret = qual.reduce((sum, dealer) => Fn.add(sum, polynomials.get(dealer)![0]!), 0n);
  expect(results[0]!.publicKey.equals(mulSecret(G, secret))).toBe(true);
  const shares = results.slice(0, t).map((result) => ({ id: result.secretShare.id, value: result.secretShare.secret }));
  expect(interpolateScalarAtZero(shares)).toBe(secret);
}

describe("DKG (Joint-Feldman + PoK + complaints)", () => {
  it("happy path: 5 parties, t = 3, all agree and the key works for TDH2 end to end", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const { bundles, polynomials } = deal(config, parties);
    const output = runDkgCeremony({ config, parties, bundles, polynomials });
    const results = okResults(output.results, [1, 2, 3, 4, 5]);
    expectAgreement(results, [1, 2, 3, 4, 5], polynomials, 3);
    expect(output.complaints).toEqual([]);
    expect(output.evicted).toEqual([]);
  });

  it("A12: missing deal → complaint → justification; the dealer stays and the accuser uses the revealed share", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const { bundles, polynomials } = deal(config, parties);
    bundles[4] = resign({ ...bundles[4]!, deals: bundles[4]!.deals.filter((item) => item.recipient !== 2) }, parties[4]!);
    const output = runDkgCeremony({ config, parties, bundles, polynomials });
    expect(output.complaints.map((item) => [item.accuser, item.dealer, item.reason])).toEqual([[2, 5, "missing deal"]]);
    expect(output.justifications.map((item) => [item.dealer, item.recipient])).toEqual([[5, 2]]);
    expectAgreement(okResults(output.results, [1, 2, 3, 4, 5]), [1, 2, 3, 4, 5], polynomials, 3);
  });

  it("A12: a dealer sending bad shares and staying silent is disqualified; honest parties agree without it", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const { bundles, polynomials } = deal(config, parties);
    const cheat = bundles[3]!;
    const deals = cheat.deals.map((item) =>
      item.recipient === 1 || item.recipient === 3
        ? sealDeal(parties[item.recipient - 1]!.member, config.sessionId, 4, cheat.commitments, encodeScalar(randomScalar()))
        : item,
    );
    bundles[3] = resign({ ...cheat, deals }, parties[3]!);
    polynomials.delete(4); // silent in round 3
    const output = runDkgCeremony({ config, parties, bundles, polynomials: new Map(polynomials) });
    expect(output.complaints.map((item) => [item.accuser, item.dealer])).toEqual([[1, 4], [3, 4]]);
    const honest = okResults(output.results, [1, 2, 3, 5]);
    expectAgreement(honest, [1, 2, 3, 5], polynomials, 3);
  });

  it("A12: a dealer with ≥ t complaints is disqualified even if it justifies", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const { bundles, polynomials } = deal(config, parties);
    bundles[0] = resign({ ...bundles[0]!, deals: bundles[0]!.deals.filter((item) => item.recipient <= 2) }, parties[0]!);
    const output = runDkgCeremony({ config, parties, bundles, polynomials });
    expect(output.complaints.filter((item) => item.dealer === 1)).toHaveLength(3);
    expectAgreement(okResults(output.results, [1, 2, 3, 4, 5]), [2, 3, 4, 5], polynomials, 3);
  });

  it("A12: a false complaint against an honest dealer is answered and changes nothing; a forged complaint is ignored", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const { bundles, polynomials } = deal(config, parties);
    const falseComplaint = { sessionId: config.sessionId, accuser: 5, dealer: 2 };
    const complaints: Complaint[] = [
      { ...falseComplaint, reason: "lie", signature: signMessage(complaintSigningBytes(falseComplaint), parties[4]!.identity.signingSecretKey) },
      { sessionId: config.sessionId, accuser: 4, dealer: 3, reason: "forged", signature: signMessage(
        complaintSigningBytes({ sessionId: config.sessionId, accuser: 4, dealer: 3 }), parties[4]!.identity.signingSecretKey) },
    ];
    const output = runDkgCeremony({ config, parties, bundles, polynomials, extraComplaints: complaints });
    expect(output.justifications.map((item) => [item.dealer, item.recipient])).toEqual([[2, 5], [3, 4]]);
    expectAgreement(okResults(output.results, [1, 2, 3, 4, 5]), [1, 2, 3, 4, 5], polynomials, 3);
  });

  it("A12: a replayed bundle from an old session, a forged signature, a wrong commitment count and equivocation are evicted", () => {
    const { config, parties } = newDkgCommittee(7, 3);
    const oldSession = { ...config, sessionId: randomBytes(32) };
    const { bundles, polynomials } = deal(config, parties);
    bundles[1] = createDealerBundle(oldSession, parties[1]!.identity).bundle; // replay of dealer 2's old bundle
    bundles[2] = { ...bundles[2]!, signature: signMessage(bundleSigningBytes(bundles[2]!), parties[0]!.identity.signingSecretKey) };
    bundles[3] = resign({ ...bundles[3]!, commitments: bundles[3]!.commitments.slice(0, 2) }, parties[3]!);
    const equivocation = resign({ ...bundles[4]!, deals: bundles[4]!.deals.slice(0, 5) }, parties[4]!);
    const output = runDkgCeremony({ config, parties, bundles: [...bundles, equivocation, bundles[5]!], polynomials });
    expect(output.evicted.map((item) => [item.dealer, item.reason])).toEqual([
      [2, "bundle belongs to another DKG session"],
      [3, "bad signature"],
      [4, "wrong number of commitments"],
      [5, "dealer sent two different bundles"],
    ]);
    // An identical duplicate (dealer 6's bundle twice) is counted once and is not equivocation.
    expectAgreement(okResults(output.results, [1, 2, 3, 4, 5, 6, 7]), [1, 6, 7], polynomials, 3);
  });

  it("A12: replaying a dealer's old-session bundle next to its fresh one does not frame or evict that dealer", () => {
    const { config, parties } = newDkgCommittee(4, 3);
    const { bundles, polynomials } = deal(config, parties);
    const replay = createDealerBundle({ ...config, sessionId: randomBytes(32) }, parties[2]!.identity).bundle;
    const output = runDkgCeremony({ config, parties, bundles: [replay, ...bundles], polynomials });
    expect(output.evicted).toEqual([{ dealer: 3, reason: "bundle belongs to another DKG session" }]);
    expectAgreement(okResults(output.results, [1, 2, 3, 4]), [1, 2, 3, 4], polynomials, 3);
  });

  it("aborts for every party when fewer than t dealers qualify", () => {
    const { config, parties } = newDkgCommittee(3, 3);
    const { bundles, polynomials } = deal(config, parties);
    const output = runDkgCeremony({ config, parties, bundles: bundles.slice(0, 2), polynomials });
    for (const result of output.results.values()) expect((result as Error).message).toBe("DKG aborted: only 2 qualified dealers, 3 needed");
  });

  describe("A11: rogue key", () => {
    const { config, parties } = newDkgCommittee(5, 3);
    const honest = deal(config, parties.slice(0, 4));
    // Dealer 5 sees the others' commitments first and picks C_50 = a·G − Σ C_i0 so that Y would be a·G.
    const a = randomScalar();
    const others = honest.bundles.reduce((sum, bundle) => sum.add(Point.fromBytes(bundle.commitments[0]!)), Point.ZERO);
    const rogueC0 = mulSecret(G, a).subtract(others);
    const fake = createDealerBundle(config, parties[4]!.identity); // real PoK/deals for another polynomial
    const rogue = resign({ ...fake.bundle, commitments: [encodePoint(rogueC0), ...fake.bundle.commitments.slice(1)] }, parties[4]!);

    it("(a) the rogue bundle fails the proof of knowledge and is evicted; honest Y is not a·G", () => {
      const output = runDkgCeremony({ config, parties, bundles: [...honest.bundles, rogue], polynomials: honest.polynomials });
      expect(output.evicted).toEqual([{ dealer: 5, reason: "invalid proof of knowledge" }]);
      const results = okResults(output.results, [1, 2, 3, 4]);
      expectAgreement(results, [1, 2, 3, 4], honest.polynomials, 3);
      expect(results[0]!.publicKey.equals(mulSecret(G, a))).toBe(false);
    });

    it("(b) with the PoK check bypassed, its shares do not match C_5 → complaints → disqualified", () => {
      const accepted = new Map(
        [...honest.bundles, rogue].map((bundle) => [bundle.dealer, {
          dealer: bundle.dealer, commitments: bundle.commitments.map((bytes) => Point.fromBytes(bytes)), bundle,
        }]),
      );
      const screened = { accepted, evicted: [] };
      const complaints = parties.slice(0, 4).flatMap((party) => processDeals(config, party.identity, screened).complaints);
      expect(complaints.map((item) => item.dealer)).toEqual([5, 5, 5, 5]);
      expect(qualifiedDealers(config, screened, complaints, [])).toEqual([1, 2, 3, 4]);
    });

    it("(c) negative control: with both checks off, summing commitments gives Y = a·G, a key the attacker knows", () => {
      expect(others.add(rogueC0).equals(mulSecret(G, a))).toBe(true);
    });
  });

  it("a key from a DKG with a disqualified dealer decrypts TDH2 ciphertexts with any t honest shares", () => {
    const { config, parties } = newDkgCommittee(4, 3);
    const { bundles, polynomials } = deal(config, parties);
    bundles[1] = resign({ ...bundles[1]!, deals: [] }, parties[1]!);
    polynomials.delete(2);
    const output = runDkgCeremony({ config, parties, bundles, polynomials });
    const results = okResults(output.results, [1, 2, 3, 4]);
    expect(results[0]!.qual).toEqual([1, 3, 4]);
    const committeeId = committeeIdFor(1n, 1n, parties.map((party) => party.member.signingPublicKey));
    const ctx: ConfidentialTxContext = {
      chainId: 1n, committeeId, keyGeneration: 1, contract: new Uint8Array(20).fill(1), method: "vote",
      sender: new Uint8Array(20).fill(2), senderNonce: 0n, confidentialArgCount: 2,
    };
    const verified = verifyCiphertext(encryptForCommittee(results[0]!.publicKey, ctx, makeArguments()), ctx, SLOTS, results[0]!.publicKey);
    const shares = [2, 3, 4].map((id) => createDecryptionShare(verified, results[id - 1]!.secretShare, parties[id - 1]!.identity.signingSecretKey));
    const committee = {
      threshold: 3,
      verificationKeys: results[0]!.verificationKeys,
      signingKeys: new Map(parties.map((party) => [party.member.id, party.member.signingPublicKey])),
    };
    expect(text(decryptWithShares(verified, shares, committee).plaintexts.get(2))).toBe("sealed note MARKER-7f3a");
  });

  it("runHonestDkg gives every member a share of one key", () => {
    const { results } = runHonestDkg(4, 2);
    expect(new Set(results.map((result) => result.publicKey.toHex())).size).toBe(1);
  });
});
