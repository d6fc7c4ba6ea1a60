import { describe, expect, it } from "vitest";
import { Address, decode, type CalldataValue } from "../calldata";
import { type EncryptCallArgsInput, encryptCallArgs } from "./client.js";
import { decryptWithShares } from "./decryption-share.js";
import type { ConfidentialTxContext } from "./label.js";
import type { CommitteeRecord } from "./protocol.js";
import { verifyCiphertext } from "./tdh2.js";
import { makeCommittee, sharesFrom } from "./tdh2-fixtures.js";
import { seededRandomSource } from "./enclave/seeded-randomness.js";
import { decodeCiphertext, pointHex, toHex0x } from "./enclave/wire.js";

const CONTRACT = "0x" + "c0".repeat(20);
const SENDER = "0x" + "a1".repeat(20);
const committee = makeCommittee(5, 3);
const record: CommitteeRecord = {
  id: toHex0x(committee.committeeId), contract: CONTRACT, epoch: 1, keyGeneration: 1, threshold: 3, members: [],
  publicKey: pointHex(committee.publicKey), commitments: [], statePublicKey: pointHex(committee.publicKey), createdAt: 0, disqualified: [],
};

function input(overrides: Partial<EncryptCallArgsInput> = {}): EncryptCallArgsInput {
  return {
    committee: record, chainId: 7n, contract: CONTRACT, method: "place_bid", sender: SENDER, senderNonce: 42n,
    slots: [{ index: 3, typeHint: "address" }, { index: 0, typeHint: "int" }],
    args: [1500n, "public memo", true, new Address(new Uint8Array(20).fill(9))],
    ...overrides,
  };
}

/** The context a validator rebuilds from the transaction (never from the ciphertext). */
function rebuiltContext(): ConfidentialTxContext {
  return {
    chainId: 7n, committeeId: committee.committeeId, keyGeneration: 1, contract: new Uint8Array(20).fill(0xc0), method: "place_bid",
    sender: new Uint8Array(20).fill(0xa1), senderNonce: 42n, confidentialArgCount: 2,
  };
}

describe("encryptCallArgs", () => {
  it("nulls the encrypted positions, binds the tx into the labels, and t shares decrypt the calldata-encoded plaintexts", () => {
    const { publicArgs, confidential } = encryptCallArgs(input());
    expect(publicArgs).toEqual([null, "public memo", true, null]);
    expect(confidential).toMatchObject({
      committeeId: record.id, keyGeneration: 1, senderNonce: 42n, args: [{ index: 0, typeHint: "int" }, { index: 3, typeHint: "address" }],
    });
    const slots = confidential.args.map((slot) => ({ argIndex: slot.index, typeHint: slot.typeHint }));
    const verified = verifyCiphertext(decodeCiphertext(confidential.ciphertext), rebuiltContext(), slots, committee.publicKey);
    const { plaintexts } = decryptWithShares(verified, sharesFrom(committee, verified, [2, 4, 5]), committee.committee);
    expect(decode(plaintexts.get(0)!)).toBe(1500n);
    expect((decode(plaintexts.get(3)!) as Address).toHex()).toBe("0x" + "09".repeat(20));
    expect(() => verifyCiphertext(decodeCiphertext(confidential.ciphertext), { ...rebuiltContext(), senderNonce: 43n }, slots, committee.publicKey))
      .toThrow("invalid confidential ciphertext");
  });

  it("is deterministic with an rng (scenarios, tests) and fresh by default", () => {
    const a = encryptCallArgs(input({ rng: seededRandomSource(Uint8Array.of(1), "client") }));
    const b = encryptCallArgs(input({ rng: seededRandomSource(Uint8Array.of(1), "client") }));
    const c = encryptCallArgs(input({ rng: seededRandomSource(Uint8Array.of(2), "client") }));
    expect(a.confidential.ciphertext).toEqual(b.confidential.ciphertext);
    expect(c.confidential.ciphertext).not.toEqual(a.confidential.ciphertext);
    expect(encryptCallArgs(input()).confidential.ciphertext).not.toEqual(encryptCallArgs(input()).confidential.ciphertext);
  });

  const refusals: [string, Partial<EncryptCallArgsInput>, RegExp][] = [
    ["a value that does not match its hint", { args: ["1500", "m", true, new Address(new Uint8Array(20))] as CalldataValue[] }, /argument 0 must be int, got a value of another type$/],
    ["an index beyond the arguments", { slots: [{ index: 9, typeHint: "int" }] }, /encrypted parameter 9 is not among the 4 arguments/],
    ["a repeated index", { slots: [{ index: 0, typeHint: "int" }, { index: 0, typeHint: "int" }] }, /encrypted parameter 0 is listed twice/],
    ["no encrypted parameter", { slots: [] }, /the method has no encrypted parameters/],
    ["another contract's committee", { contract: "0x" + "c1".repeat(20) }, /the committee serves 0xc0c0/],
    ["a malformed sender", { sender: "alice" }, /sender address is not 0x-prefixed hex/],
  ];
  for (const [what, overrides, message] of refusals) {
    it(`refuses ${what} in one line`, () => {
      let error: unknown;
      try {
        encryptCallArgs(input(overrides));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^cannot encrypt the arguments: [^\n]+$/);
      expect((error as Error).message).toMatch(message);
    });
  }
});
