import { describe, expect, it } from "vitest";
import { encryptCallArgs } from "../client.js";
import { utf8 } from "../group.js";
import { Enclave } from "./enclave.js";
import { CHAIN_ID, CONTRACT, SENDER, SLOTS, collectShares, enclaveInit, formCommittee, makeEnclaves, txFields } from "./enclave-test-fixtures.js";

function sealedStoreOf(enclave: Enclave): Uint8Array {
  const answer = enclave.handle({ kind: "seal-store" });
  if (answer.kind !== "sealed-store") throw new Error(JSON.stringify(answer));
  expect(answer.committees).toBe(1);
  return answer.blob;
}

describe("emulated sealing of an enclave's committee key shares", () => {
  it("A20: a restarted enclave (same build, same platform) gets its shares back from its sealed store; another build or a tampered blob gets nothing", async () => {
    const enclaves = makeEnclaves(3, "sealing-seed");
    const { record } = await formCommittee(enclaves, 2);
    const blob = sealedStoreOf(enclaves[0]!);
    // The blob is not the shares in the clear: no committee id, contract or key in readable form.
    expect(new TextDecoder().decode(blob)).not.toContain(record.id.slice(2, 18));

    const tx = txFields({ senderNonce: 7n, method: "place_bid", txHash: "0x" + "07".padStart(64, "0") });
    const { confidential } = encryptCallArgs({
      committee: record, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce: 7n, slots: SLOTS,
      args: [1000n, "memo", "sealed note"],
    });

    const fresh = Enclave.create(enclaveInit(1, "sealing-seed"));
    expect(fresh.restoredSealedStore).toBeNull();
    expect(collectShares([fresh], enclaves[1]!, record, tx, confidential).errors[0]).toMatch(/holds no key share/);

    const restarted = Enclave.create({ ...enclaveInit(1, "sealing-seed"), sealedStore: blob });
    expect(restarted.restoredSealedStore).toBe(true);
    const members = [restarted, enclaves[1]!, enclaves[2]!];
    const shares = collectShares(members, enclaves[1]!, record, tx, confidential);
    expect(shares.errors).toEqual([]);
    const opened = enclaves[1]!.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...shares });
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(opened.opened.shares.every((s) => s.status === "valid")).toBe(true);

    const otherBuild = Enclave.create({ ...enclaveInit(1, "sealing-seed", utf8("another enclave build")), sealedStore: blob });
    expect(otherBuild.restoredSealedStore).toBe(false);
    const tampered = blob.slice();
    tampered[5] ^= 1;
    const fromTampered = Enclave.create({ ...enclaveInit(1, "sealing-seed"), sealedStore: tampered });
    expect(fromTampered.restoredSealedStore).toBe(false);
    const otherPlatform = Enclave.create({ ...enclaveInit(2, "sealing-seed"), sealedStore: blob });
    expect(otherPlatform.restoredSealedStore).toBe(false);
  });
});
