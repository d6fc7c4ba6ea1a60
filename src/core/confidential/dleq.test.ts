import { describe, expect, it } from "vitest";
import { proveDleq, proveKnowledge, verifyDleq, verifyKnowledge, verifyKnowledgeBatch } from "./dleq.js";
import { DST, Fn, G, GBAR, Point, encodePoint, hashToScalar, mulSecret, randomScalar, utf8 } from "./group.js";

describe("Chaum–Pedersen DLEQ", () => {
  const x = randomScalar();
  const base2 = mulSecret(G, randomScalar());
  const statement = { base1: G, public1: mulSecret(G, x), base2, public2: mulSecret(base2, x) };
  const context = [utf8("ct-1"), utf8("id-3")];

  it("an honest proof verifies", () => {
    expect(verifyDleq(DST.tdh2Share, context, statement, proveDleq(DST.tdh2Share, context, statement, x))).toBe(true);
  });

  it("fails for unequal logs, another context, another DST, or a tweaked challenge/response", () => {
    const proof = proveDleq(DST.tdh2Share, context, statement, x);
    const wrongPublic2 = { ...statement, public2: mulSecret(base2, Fn.add(x, 1n)) };
    expect(verifyDleq(DST.tdh2Share, context, wrongPublic2, proveDleq(DST.tdh2Share, context, wrongPublic2, x))).toBe(false);
    expect(verifyDleq(DST.tdh2Share, [utf8("ct-2"), utf8("id-3")], statement, proof)).toBe(false);
    expect(verifyDleq(DST.prfShare, context, statement, proof)).toBe(false);
    expect(verifyDleq(DST.tdh2Share, context, statement, { ...proof, challenge: Fn.add(proof.challenge, 1n) })).toBe(false);
    expect(verifyDleq(DST.tdh2Share, context, statement, { ...proof, response: Fn.add(proof.response, 1n) })).toBe(false);
    expect(verifyDleq(DST.tdh2Share, context, statement, { ...proof, response: proof.response + Fn.ORDER })).toBe(false);
  });
});

describe("Schnorr proof of knowledge", () => {
  it("verifies for the prover's key and context only", () => {
    const secret = randomScalar();
    const publicKey = mulSecret(G, secret);
    const proof = proveKnowledge(DST.dkgPok, [utf8("session"), utf8("1")], secret);
    expect(verifyKnowledge(DST.dkgPok, [utf8("session"), utf8("1")], publicKey, proof)).toBe(true);
    expect(verifyKnowledge(DST.dkgPok, [utf8("session"), utf8("2")], publicKey, proof)).toBe(false);
    expect(verifyKnowledge(DST.dkgPok, [utf8("session"), utf8("1")], GBAR, proof)).toBe(false);
  });
});

describe("verifyKnowledgeBatch", () => {
  const claims = Array.from({ length: 6 }, (_, k) => {
    const secret = randomScalar();
    const context = [utf8(`dealer-${k}`)];
    return { context, publicKey: mulSecret(G, secret), proof: proveKnowledge(DST.dkgPok, context, secret) };
  });

  it("valid proofs all pass; verdicts equal verifyKnowledge's for every proof", () => {
    expect(verifyKnowledgeBatch(DST.dkgPok, claims)).toEqual(claims.map(() => true));
    expect(verifyKnowledgeBatch(DST.dkgPok, claims.slice(0, 1))).toEqual([true]);
    expect(verifyKnowledgeBatch(DST.dkgPok, [])).toEqual([]);
  });

  it("one bad proof among valid ones is found (and only it), whatever was tampered", () => {
    const tampered = [
      { ...claims[2]!, proof: { ...claims[2]!.proof, response: Fn.add(claims[2]!.proof.response, 1n) } },
      { ...claims[2]!, context: [utf8("another dealer")] },
      { ...claims[2]!, publicKey: mulSecret(G, randomScalar()) },
      { ...claims[2]!, proof: { ...claims[2]!.proof, response: Fn.ORDER } },
    ];
    for (const bad of tampered) {
      const batch = [...claims.slice(0, 2), bad, ...claims.slice(3)];
      expect(verifyKnowledgeBatch(DST.dkgPok, batch)).toEqual(batch.map((claim) => verifyKnowledge(DST.dkgPok, claim.context, claim.publicKey, claim.proof)));
      expect(verifyKnowledgeBatch(DST.dkgPok, batch)).toEqual([true, true, false, true, true, true]);
    }
  });

  it("errors that cancel in an unweighted sum (μ₁ + δ, μ₂ − δ) are caught: the coefficients are random", () => {
    const delta = randomScalar();
    const batch = claims.map((claim, k) =>
      k === 1 || k === 4 ? { ...claim, proof: { ...claim.proof, response: k === 1 ? Fn.add(claim.proof.response, delta) : Fn.sub(claim.proof.response, delta) } } : claim,
    );
    const unweighted = batch.reduce(
      (sum, claim) => sum.add(mulSecret(G, claim.proof.response)).subtract(claim.proof.commitment)
        .subtract(mulSecret(claim.publicKey, hashChallenge(claim))),
      Point.ZERO,
    );
    expect(unweighted.is0()).toBe(true);
    expect(verifyKnowledgeBatch(DST.dkgPok, batch)).toEqual([true, false, true, true, false, true]);
  });
});

function hashChallenge(claim: { context: readonly Uint8Array[]; publicKey: Point; proof: { commitment: Point } }): bigint {
  return hashToScalar(DST.dkgPok, ...claim.context, encodePoint(claim.publicKey), encodePoint(claim.proof.commitment));
}
