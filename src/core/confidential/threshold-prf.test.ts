import { describe, expect, it } from "vitest";
import { verifyDecryptionShare } from "./decryption-share.js";
import { runHonestDkg } from "./dkg-ceremony.js";
import { encodePoint, mulSecret } from "./group.js";
import { interpolateScalarAtZero } from "./shamir.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, address, makeArguments, makeCommittee, makeContext } from "./tdh2-fixtures.js";
import { type StateKeyLabel, combinePrfShares, createPrfShare, statePoint, verifyPrfShare } from "./threshold-prf.js";

// Two independent sharings: x (transaction key) and x_s (state key).
const txCommittee = makeCommittee(4, 3);
const stateDkg = runHonestDkg(4, 3);
const stateKeys = stateDkg.results[0]!.verificationKeys;
const label: StateKeyLabel = { chainId: 7n, contract: address(0xc0), stateKeyVersion: 1 };

function prfShares(ids: readonly number[], target = label) {
  return ids.map((id) => createPrfShare(target, stateDkg.results[id - 1]!.secretShare));
}

function verified(ids: readonly number[], target = label) {
  return prfShares(ids, target).map((share) => {
    const result = verifyPrfShare(target, share, stateKeys);
    if (!result.ok) throw new Error(result.reason);
    return result.share;
  });
}

describe("threshold PRF for state keys", () => {
  it("every t-subset yields the same key material x_s·P_c, different per contract and key version", () => {
    const material = combinePrfShares(verified([1, 2, 3]), 3);
    expect(combinePrfShares(verified([2, 3, 4]), 3)).toEqual(material);
    expect(combinePrfShares(verified([4, 1, 3]), 3)).toEqual(material);
    const stateSecret = interpolateScalarAtZero(
      stateDkg.results.slice(0, 3).map((result) => ({ id: result.secretShare.id, value: result.secretShare.secret })),
    );
    expect(material).toEqual(encodePoint(mulSecret(statePoint(label), stateSecret)));
    const other = { ...label, contract: address(0xc1) };
    expect(combinePrfShares(verified([1, 2, 3], other), 3)).not.toEqual(material);
    expect(combinePrfShares(verified([1, 2, 3], { ...label, stateKeyVersion: 2 }), 3)).not.toEqual(material);
    expect(() => combinePrfShares(verified([1, 2]), 3)).toThrow("confidential state key unavailable");
  });

  it("A17: PRF shares verify only against the state key Y_s,i and only for the label they were made for", () => {
    const share = prfShares([2])[0]!;
    expect(verifyPrfShare(label, share, stateKeys).ok).toBe(true);
    expect(verifyPrfShare(label, share, txCommittee.committee.verificationKeys).ok).toBe(false);
    expect(verifyPrfShare({ ...label, contract: address(0xc1) }, share, stateKeys).ok).toBe(false);
  });

  it("A17: a PRF share is never accepted as a decryption share, and a decryption share never as a PRF share", () => {
    const ctx = makeContext(txCommittee);
    const ct = verifyCiphertext(encryptForCommittee(txCommittee.publicKey, ctx, makeArguments()), ctx, SLOTS, txCommittee.publicKey);
    // A PRF share computed with the *transaction* key share on P_c, dressed up as a decryption share.
    const txShareAsPrf = createPrfShare(label, txCommittee.results[0]!.secretShare);
    const asDecryption = { ctId: ct.ctId, ...txShareAsPrf };
    expect(verifyDecryptionShare(ct, asDecryption, txCommittee.committee).ok).toBe(false);
    // The enclave API takes a state label, never a point: there is no way to ask for x_s·U for a victim's U.
    const victimPoint = ct.kemPoint;
    expect(statePoint(label).equals(victimPoint)).toBe(false);
    const stateShareOnVictim = encodePoint(mulSecret(victimPoint, stateDkg.results[0]!.secretShare.secret));
    expect(verifyPrfShare(label, { ...prfShares([1])[0]!, sharePoint: stateShareOnVictim }, stateKeys).ok).toBe(false);
  });

  it("the transaction key and the state key are independent", () => {
    expect(txCommittee.publicKey.equals(stateDkg.results[0]!.publicKey)).toBe(false);
  });
});
