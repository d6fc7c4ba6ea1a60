import { describe, expect, it } from "vitest";
import { decode, encode } from "../../calldata";
import { accountAddress, accountPrivateKey } from "../../scenario/accounts";
import { auditorPublicKey, openAuditorReply, signAuditorRequest } from "../auditor.js";
import { collectShares, formCommittee, makeEnclaves, memberOf, txFields } from "./enclave-test-fixtures.js";
import { fromHex0x } from "./wire.js";

const BOB = accountAddress("bob").toHex();

describe("auditor access to sealed state", () => {
  it("an auditor bound at the DKG gets a sealed value re-encrypted to its key; anyone else, or a forged record, is refused", async () => {
    const enclaves = makeEnclaves(3, "auditor-seed");
    const { record } = await formCommittee(enclaves, 2, { auditors: [BOB] });
    expect(record.auditors).toEqual([BOB]);

    // A sealed value, written the way an execution writes one.
    const tx = txFields({ senderNonce: 1n, method: "bid", txHash: "0x" + "01".padStart(64, "0") });
    const writer = enclaves[0]!;
    const opened = writer.openExecution({ committee: record, tx, confidential: null, schemaSlots: [], ...collectShares(enclaves, writer, record, tx, null, []) });
    if (!opened.ok) throw new Error(opened.message);
    const sealed = opened.opened.seal("reserve", 1, encode(800n));

    const answering = enclaves[1]!;
    const { sealedStateShares } = collectShares(enclaves, answering, record, tx, null, []);
    const ask = (who: string, committee = record) => {
      const key = accountPrivateKey(who);
      const auditorKey = auditorPublicKey(key);
      const signature = signAuditorRequest({ committeeId: committee.id, contract: committee.contract, name: "reserve", sealed, auditorKey }, key);
      return answering.handle({ kind: "auditor-open", committee, name: "reserve", sealed, sealedStateShares, auditorKey, signature });
    };

    const answer = ask("bob");
    if (answer.kind !== "auditor-reencrypted") throw new Error(JSON.stringify(answer));
    const enclaveKey = fromHex0x(memberOf(record, answering).enclaveKey, "enclave key", 32);
    const plaintext = openAuditorReply(answer.reply, { committeeId: record.id, name: "reserve" }, enclaveKey, accountPrivateKey("bob"));
    expect(decode(plaintext)).toBe(800n);
    // Nobody else can open the answer, not even with the enclave's signature checked.
    expect(() => openAuditorReply(answer.reply, { committeeId: record.id, name: "reserve" }, enclaveKey, accountPrivateKey("alice"))).toThrow();

    expect(ask("alice")).toEqual({ kind: "error", message: "auditor-open refused: the request is not signed by an auditor named at the contract's deploy" });
    // A host that adds alice to the record is caught: the auditors were bound into the DKG session.
    const forged = { ...record, auditors: [BOB, accountAddress("alice").toHex()].sort() };
    const refused = ask("alice", forged);
    expect(refused.kind).toBe("error");
    if (refused.kind === "error") expect(refused.message).toMatch(/does not match this enclave's ceremony \(auditors\)/);
  });

  it("a committee without auditors answers no one", async () => {
    const enclaves = makeEnclaves(3, "auditor-seed-2");
    const { record } = await formCommittee(enclaves, 2);
    expect(record.auditors).toBeUndefined();
    const key = accountPrivateKey("bob");
    const auditorKey = auditorPublicKey(key);
    const sealed = new Uint8Array(40);
    const signature = signAuditorRequest({ committeeId: record.id, contract: record.contract, name: "x", sealed, auditorKey }, key);
    const answer = enclaves[0]!.handle({ kind: "auditor-open", committee: record, name: "x", sealed, sealedStateShares: [], auditorKey, signature });
    expect(answer).toMatchObject({ kind: "error", message: expect.stringMatching(/not signed by an auditor/) });
  });
});
