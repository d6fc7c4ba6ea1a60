import { describe, expect, it } from "vitest";
import { proveDleq, proveKnowledge, verifyDleq, verifyKnowledge } from "./dleq.js";
import { DST, Fn, G, GBAR, mulSecret, randomScalar, utf8 } from "./group.js";

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
