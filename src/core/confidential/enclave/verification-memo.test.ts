// The per-enclave memo (verified ciphertexts, state shares) must only save work: every answer and
// every verdict is what the enclave would give without it, and a changed input is judged afresh.
import { beforeAll, describe, expect, it } from "vitest";
import { decode } from "../../calldata";
import { encryptCallArgs } from "../client.js";
import { G, encodePoint, mulSecret } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import type { Enclave } from "./enclave.js";
import { CHAIN_ID, CONTRACT, SENDER, SLOTS, collectShares, formCommittee, makeEnclaves, memberOf, txFields } from "./enclave-test-fixtures.js";
import type { OpenExecutionResult } from "./execution.js";
import { openStateShare, sealStateShare, signPrfShare } from "./state-share-transport.js";

let enclaves: Enclave[];
let record: CommitteeRecord;
let nonce = 500n;

beforeAll(async () => {
  enclaves = makeEnclaves(4, "memo-seed");
  ({ record } = await formCommittee(enclaves, 3));
}, 60_000);

function encryptCall() {
  const senderNonce = nonce++;
  const tx = txFields({ senderNonce, txHash: "0x" + senderNonce.toString(16).padStart(64, "0") });
  const { confidential } = encryptCallArgs({
    committee: record, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce, slots: SLOTS, args: [7n, "memo", "note"],
  });
  return { tx, confidential };
}

function statuses(result: OpenExecutionResult): string[] {
  return (result.ok ? result.opened.shares : result.shares).map((share) => `${share.validator}/${share.shareKind}/${share.status}`);
}

describe("per-enclave verification memo", () => {
  it("a member's state share is the same bytes for every transaction, and changing a returned copy changes nothing", () => {
    const executing = enclaves[0]!;
    const first = collectShares(enclaves, executing, record, encryptCall().tx, null).sealedStateShares;
    first[1]!.body[0]! ^= 0xff;
    const second = collectShares(enclaves, executing, record, encryptCall().tx, null).sealedStateShares;
    expect(second[1]!.body[0]).not.toBe(first[1]!.body[0]);
    first[1]!.body[0]! ^= 0xff;
    expect(second).toEqual(first);
  });

  it("repeated opens give the same verdicts; a state share changed later is judged afresh and leaves evidence", () => {
    const executing = enclaves[0]!;
    const open = (shares: ReturnType<typeof collectShares>, call: ReturnType<typeof encryptCall>) =>
      executing.openExecution({ committee: record, tx: call.tx, confidential: call.confidential, schemaSlots: SLOTS, ...shares });
    const calls = [encryptCall(), encryptCall()];
    const results = calls.map((call) => open(collectShares(enclaves, executing, record, call.tx, call.confidential), call));
    for (const result of results) {
      expect(result.ok).toBe(true);
      expect(statuses(result).every((status) => status.endsWith("/valid"))).toBe(true);
    }
    if (results[0]!.ok && results[1]!.ok) expect(decode(results[1]!.opened.args.get(0)!)).toBe(7n);

    // Member v2 now sends a correctly signed but wrong PRF share: the cached verdict for its earlier bytes must not hide it.
    const call = encryptCall();
    const shares = collectShares(enclaves, executing, record, call.tx, call.confidential);
    const cheat = enclaves[1]!;
    const cheatId = memberOf(record, cheat).participantId;
    const index = shares.sealedStateShares.findIndex((sealed) => sealed.sender === cheatId);
    const honest = openStateShare(shares.sealedStateShares[index]!, 1, executing.dumpSecretsForTest().transportSecretKey);
    const wrong = { ...honest.share, sharePoint: encodePoint(mulSecret(G, 99n)) };
    shares.sealedStateShares[index] = sealStateShare(signPrfShare(honest.committeeId, wrong, cheat.dumpSecretsForTest().signingSecretKey), 1, executing.transportKey);
    const result = open(shares, call);
    expect(result.ok).toBe(true);
    expect(statuses(result)).toContain("v2/state/invalid");
    const evidence = result.ok ? result.opened.evidence : [];
    expect(evidence.map((item) => `${item.validator}/${item.shareKind}/${item.txHash}`)).toEqual([`v2/state/${call.tx.txHash}`]);
  });

  it("a ciphertext verified for one transaction does not vouch for another ciphertext or another sender nonce", () => {
    const executing = enclaves[0]!;
    const call = encryptCall();
    const other = encryptCall();
    const shares = collectShares(enclaves, executing, record, call.tx, call.confidential);
    const swapped = executing.openExecution({ committee: record, tx: call.tx, confidential: other.confidential, schemaSlots: SLOTS, ...shares });
    expect(swapped).toMatchObject({ ok: false, message: "confidential inputs unavailable" });
    const refused = enclaves[2]!.handle({
      kind: "decryption-share", committee: record, tx: { ...call.tx, senderNonce: call.tx.senderNonce + 1n }, confidential: call.confidential,
      schemaSlots: SLOTS, recipient: { participantId: 1, transportKey: executing.transportKey },
    });
    expect(refused).toMatchObject({ kind: "error", message: "decryption-share refused: invalid confidential ciphertext" });
  });
});
