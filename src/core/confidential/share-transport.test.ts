import { x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@noble/curves/utils.js";
import { describe, expect, it } from "vitest";
import { decryptWithShares } from "./decryption-share.js";
import { openShare, sealShare } from "./share-transport.js";
import { encryptForCommittee, verifyCiphertext } from "./tdh2.js";
import { SLOTS, makeArguments, makeCommittee, makeContext, sharesFrom, text } from "./tdh2-fixtures.js";

const committee = makeCommittee(4, 3);
const ctx = makeContext(committee);
const verified = verifyCiphertext(encryptForCommittee(committee.publicKey, ctx, makeArguments()), ctx, SLOTS, committee.publicKey);
const executor = x25519.keygen();
const bystander = x25519.keygen();

describe("share transport", () => {
  it("the executing enclave opens sealed shares and decrypts; the round trip preserves the signed share", () => {
    const signed = sharesFrom(committee, verified, [1, 2, 4]);
    const sealed = signed.map((share) => sealShare(share, 9, executor.publicKey));
    const opened = sealed.map((item) => openShare(item, 9, executor.secretKey));
    expect(opened).toEqual(signed);
    expect(text(decryptWithShares(verified, opened, committee.committee).plaintexts.get(2))).toBe("sealed note MARKER-7f3a");
  });

  it("A18: no share point appears in clear in what goes over the channel", () => {
    for (const signed of sharesFrom(committee, verified)) {
      const sealed = sealShare(signed, 9, executor.publicKey);
      const wire = bytesToHex(sealed.body) + bytesToHex(sealed.ephemeralPublicKey) + bytesToHex(sealed.ctId);
      expect(wire.includes(bytesToHex(signed.share.sharePoint))).toBe(false);
    }
  });

  it("A18: another enclave, another recipient id or a share moved to another ciphertext cannot be opened", () => {
    const sealed = sealShare(sharesFrom(committee, verified, [3])[0]!, 9, executor.publicKey);
    const failure = "decryption share from member 3 could not be opened";
    expect(() => openShare(sealed, 9, bystander.secretKey)).toThrow(failure);
    expect(() => openShare({ ...sealed, recipient: 8 }, 8, executor.secretKey)).toThrow(failure);
    expect(() => openShare({ ...sealed, ctId: new Uint8Array(32) }, 9, executor.secretKey)).toThrow(failure);
    expect(() => openShare({ ...sealed, sender: 2 }, 9, executor.secretKey)).toThrow("member 2 could not be opened");
  });
});
