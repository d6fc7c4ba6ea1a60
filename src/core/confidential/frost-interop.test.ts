// Interop oracle: key shares from noble's independent FROST DKG (ristretto255) work unchanged as
// TDH2 key shares with our share proofs and combination.
import { ristretto255_FROST } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { type CommitteeKeys, createDecryptionShare, decryptWithShares } from "./decryption-share.js";
import { newDkgIdentity } from "./dkg-messages.js";
import { Fn, G, Point, mulSecret } from "./group.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, address, makeArguments, text } from "./tdh2-fixtures.js";

describe("FROST DKG interop", () => {
  it("noble's ristretto255_FROST.DKG output decrypts our TDH2 ciphertexts with any t shares", () => {
    const signers = { min: 2, max: 3 };
    const ids = [1, 2, 3].map((n) => ristretto255_FROST.Identifier.fromNumber(n));
    const round1 = ids.map((id) => ristretto255_FROST.DKG.round1(id, signers));
    const round2 = round1.map((own) => ristretto255_FROST.DKG.round2(own.secret, round1.filter((other) => other !== own).map((other) => other.public)));
    const keys = round1.map((own, index) => {
      const others = round1.filter((other) => other !== own).map((other) => other.public);
      const received = round2.filter((_, sender) => sender !== index).map((packages) => packages[ids[index]!]!);
      return ristretto255_FROST.DKG.round3(own.secret, others, received);
    });
    const publicKey = Point.fromBytes(keys[0]!.public.commitments[0]!);
    const parties = [1, 2, 3].map((id) => newDkgIdentity(id));
    const committee: CommitteeKeys = {
      threshold: 2,
      verificationKeys: new Map(ids.map((id, index) => [index + 1, Point.fromBytes(keys[0]!.public.verifyingShares[id]!)])),
      signingKeys: new Map(parties.map((party) => [party.member.id, party.member.signingPublicKey])),
    };
    const secrets = keys.map((key) => Fn.fromBytes(key.secret.signingShare));
    secrets.forEach((secret, index) => expect(mulSecret(G, secret).equals(committee.verificationKeys.get(index + 1)!)).toBe(true));

    const ctx = {
      chainId: 1n, committeeId: new Uint8Array(32).fill(3), keyGeneration: 1, contract: address(1), method: "m",
      sender: address(2), senderNonce: 1n, confidentialArgCount: 2,
    };
    const verified = verifyCiphertext(encryptForCommittee(publicKey, ctx, makeArguments()), ctx, SLOTS, publicKey);
    for (const pair of [[1, 2], [2, 3], [1, 3]]) {
      const shares = pair.map((id) => createDecryptionShare(verified, { id, secret: secrets[id - 1]! }, parties[id - 1]!.identity.signingSecretKey));
      expect(text(decryptWithShares(verified, shares, committee).plaintexts.get(0))).toBe("1000");
    }
  });
});
