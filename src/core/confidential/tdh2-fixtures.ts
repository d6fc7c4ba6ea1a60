// Shared test fixtures: a committee from an honest DKG, a transaction context, schema slots and
// signed decryption shares. Imported by *.test.ts only.
import { type CommitteeKeys, type SignedDecryptionShare, createDecryptionShare } from "./decryption-share.js";
import { runHonestDkg } from "./dkg-ceremony.js";
import { utf8 } from "./group.js";
import { type ConfidentialArgSlot, type ConfidentialTxContext, committeeIdFor } from "./label.js";
import type { PlainArgument, VerifiedCiphertext } from "./tdh2.js";

export function address(byte: number): Uint8Array {
  return new Uint8Array(20).fill(byte);
}

export function makeCommittee(size = 5, threshold = 3) {
  const dkg = runHonestDkg(size, threshold);
  const committee: CommitteeKeys = {
    threshold,
    verificationKeys: dkg.results[0]!.verificationKeys,
    signingKeys: new Map(dkg.parties.map((party) => [party.member.id, party.member.signingPublicKey])),
  };
  const committeeId = committeeIdFor(7n, 1n, dkg.parties.map((party) => party.member.signingPublicKey));
  return { ...dkg, committee, committeeId, publicKey: dkg.results[0]!.publicKey };
}

export type TestCommittee = ReturnType<typeof makeCommittee>;

export const SLOTS: readonly ConfidentialArgSlot[] = [
  { argIndex: 0, typeHint: "u256" },
  { argIndex: 2, typeHint: "str" },
];

export function makeContext(committee: TestCommittee, overrides: Partial<ConfidentialTxContext> = {}): ConfidentialTxContext {
  return {
    chainId: 7n,
    committeeId: committee.committeeId,
    keyGeneration: 1,
    contract: address(0xc0),
    method: "place_bid",
    sender: address(0xa1),
    senderNonce: 42n,
    confidentialArgCount: SLOTS.length,
    ...overrides,
  };
}

export function makeArguments(bid = "1000", note = "sealed note MARKER-7f3a"): PlainArgument[] {
  return [
    { ...SLOTS[0]!, plaintext: utf8(bid) },
    { ...SLOTS[1]!, plaintext: utf8(note) },
  ];
}

/** Signed decryption shares from the given member ids (default: everyone). */
export function sharesFrom(committee: TestCommittee, verified: VerifiedCiphertext, ids?: readonly number[]): SignedDecryptionShare[] {
  return committee.parties
    .filter((party) => !ids || ids.includes(party.member.id))
    .map((party) => {
      const result = committee.results[party.member.id - 1]!;
      return createDecryptionShare(verified, result.secretShare, party.identity.signingSecretKey);
    });
}

export function text(bytes: Uint8Array | undefined): string {
  return new TextDecoder().decode(bytes);
}
