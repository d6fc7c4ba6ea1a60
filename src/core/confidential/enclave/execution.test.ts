import { ed25519 } from "@noble/curves/ed25519.js";
import { beforeAll, describe, expect, it } from "vitest";
import { decode, encode, type CalldataValue } from "../../calldata";
import { encryptCallArgs } from "../client.js";
import { checkShareEvidence, combineShares, decryptArguments, encodeDecryptionShare, type CommitteeKeys } from "../decryption-share.js";
import type { CommitteeRecord, ConfidentialTxData } from "../protocol.js";
import { openShare, sealShare } from "../share-transport.js";
import { encodePoint, G, mulSecret } from "../group.js";
import { type ConfidentialTxContext } from "../label.js";
import { verifyCiphertext, encryptForCommittee, encodeCiphertext } from "../tdh2.js";
import { verifyPrfShare } from "../threshold-prf.js";
import type { Enclave } from "./enclave.js";
import { stateKeyLabel } from "./enclave-shares.js";
import { openStateShare } from "./state-share-transport.js";
import { type OpenExecutionResult, type OpenedExecution, verifyExecutionSignature } from "./execution.js";
import { CHAIN_ID, CONTRACT, SENDER, SLOTS, collectShares, formCommittee, makeEnclaves, memberOf, txFields } from "./enclave-test-fixtures.js";
import { orderedSlots } from "./tx-context.js";
import { addressToBytes, decodeCiphertext, decodeSignedShare, fromHex0x, pointFromHex } from "./wire.js";

const MARKER = "sealed bid note MARKER-9c1d";
let enclaves: Enclave[];
let record: CommitteeRecord;
let nonce = 100n;

beforeAll(async () => {
  enclaves = makeEnclaves(5);
  ({ record } = await formCommittee(enclaves, 3));
}, 60_000);

function encryptCall(overrides: { method?: string; args?: CalldataValue[] } = {}) {
  const senderNonce = nonce++;
  const tx = txFields({ senderNonce, method: overrides.method ?? "place_bid", txHash: "0x" + senderNonce.toString(16).padStart(64, "0") });
  const { publicArgs, confidential } = encryptCallArgs({
    committee: record, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce, slots: SLOTS,
    args: overrides.args ?? [1000n, "public memo", MARKER],
  });
  return { tx, publicArgs, confidential };
}

function expectOpened(result: OpenExecutionResult): OpenedExecution {
  if (!result.ok) throw new Error(`not opened: ${result.message} ${JSON.stringify(result.shares)}`);
  return result.opened;
}

function context(tx: ReturnType<typeof txFields>, confidential: ConfidentialTxData): ConfidentialTxContext {
  return {
    chainId: tx.chainId, committeeId: fromHex0x(confidential.committeeId, "id", 32), keyGeneration: confidential.keyGeneration,
    contract: addressToBytes(tx.contract), method: tx.method, sender: addressToBytes(tx.sender), senderNonce: tx.senderNonce,
    confidentialArgCount: confidential.args.length,
  };
}

describe("openExecution end to end", () => {
  it("encryptCallArgs → each member's decryption and state share sealed to the executing enclave → the arguments", () => {
    const { tx, publicArgs, confidential } = encryptCall();
    expect(publicArgs).toEqual([null, "public memo", null]);
    const executing = enclaves[0]!;
    const { sealedShares, sealedStateShares, errors } = collectShares(enclaves, executing, record, tx, confidential);
    expect(errors).toEqual([]);
    const opened = expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, sealedShares, sealedStateShares }));
    expect(decode(opened.args.get(0)!)).toBe(1000n);
    expect(decode(opened.args.get(2)!)).toBe(MARKER);
    expect([...opened.args.keys()]).toEqual([0, 2]);
    expect(opened.shares.filter((s) => s.status === "valid").length).toBe(10);
    expect(opened.shares.map((s) => s.shareKind)).toEqual([...Array(5).fill("decryption"), ...Array(5).fill("state")]);
    expect(opened.evidence).toEqual([]);
    const signature = opened.sign(Uint8Array.of(1, 2, 3));
    expect(verifyExecutionSignature(signature, Uint8Array.of(1, 2, 3), executing.enclaveKey)).toBe(true);
    expect(ed25519.verify(signature, Uint8Array.of(1, 2, 3), executing.enclaveKey)).toBe(false);
  });

  it("seal/open round trip; two enclaves of the committee seal byte-identically and open each other's; nondet results travel sealed", () => {
    const { tx, confidential } = encryptCall();
    const open = (executing: Enclave) => {
      const shares = collectShares(enclaves, executing, record, tx, confidential);
      return expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...shares }));
    };
    const leader = open(enclaves[0]!);
    const validator = open(enclaves[3]!);
    const value = encode("secret balance 42");
    const sealed = leader.seal("balances/alice", 3, value);
    expect(sealed.slice(0, 8)).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 3));
    expect(validator.seal("balances/alice", 3, value)).toEqual(sealed);
    expect(validator.open("balances/alice", sealed)).toEqual(value);
    expect(() => validator.open("balances/bob", sealed)).toThrow(/failed authentication/);
    expect(leader.seal("balances/alice", 4, value)).not.toEqual(sealed);
    const results = [encode("llm answer"), encode(7n)];
    const travelling = leader.sealNondet(results);
    expect(validator.openNondet(travelling)).toEqual(results);
    travelling[20] ^= 1;
    expect(() => validator.openNondet(travelling)).toThrow(/^sealed non-deterministic results could not be opened in this enclave$/);
  });

  it("A8: a member sending an invalid share leaves evidence (re-checkable by anyone) and t valid shares still decrypt", () => {
    const { tx, confidential } = encryptCall();
    const executing = enclaves[0]!;
    const { sealedShares, sealedStateShares } = collectShares(enclaves, executing, record, tx, confidential);
    const cheat = enclaves[1]!;
    const cheatSecrets = cheat.dumpSecretsForTest();
    const executorSecret = executing.dumpSecretsForTest().transportSecretKey;
    const index = sealedShares.findIndex((s) => s.sender === memberOf(record, cheat).participantId);
    const honest = openShare(sealedShares[index]!, 1, executorSecret);
    const share = { ...honest.share, sharePoint: encodePoint(mulSecret(G, 99n)) };
    const forged = { share, signature: ed25519.sign(encodeDecryptionShare(share), cheatSecrets.signingSecretKey) };
    sealedShares[index] = sealShare(forged, 1, executing.transportKey);
    const opened = expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, sealedShares, sealedStateShares }));
    expect(decode(opened.args.get(2)!)).toBe(MARKER);
    expect(opened.shares[1]).toEqual({ validator: "v2", status: "invalid", reason: "share proof does not verify", shareKind: "decryption" });
    expect(opened.evidence).toHaveLength(1);
    const evidence = opened.evidence[0]!;
    expect(evidence).toMatchObject({ validator: "v2", txHash: tx.txHash, reason: "share proof does not verify" });
    const verified = verifyCiphertext(decodeCiphertext(confidential.ciphertext), context(tx, confidential), orderedSlots(SLOTS), pointFromHex(record.publicKey, "Y"));
    const committee: CommitteeKeys = {
      threshold: 3,
      verificationKeys: new Map(record.members.map((m) => [m.participantId, pointFromHex(m.shareKey, "Y_i")])),
      signingKeys: new Map(record.members.map((m) => [m.participantId, fromHex0x(m.enclaveKey, "key")])),
    };
    const signed = decodeSignedShare(evidence.share);
    expect(checkShareEvidence(verified, { signed, accused: 2, reason: evidence.reason }, committee)).toBe(true);
    const honestSigned = openShare(collectShares([cheat], executing, record, tx, confidential).sealedShares[0]!, 1, executorSecret);
    expect(checkShareEvidence(verified, { signed: honestSigned, accused: 2, reason: "x" }, committee)).toBe(false);
  });

  it("fewer than t shares → 'confidential inputs unavailable' with the missing members reported; exactly t suffice", () => {
    const { tx, confidential } = encryptCall();
    const executing = enclaves[4]!;
    const two = collectShares(enclaves.slice(0, 2), executing, record, tx, confidential);
    const failed = executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...two });
    expect(failed).toMatchObject({ ok: false, message: "confidential inputs unavailable" });
    if (!failed.ok) expect(failed.shares.filter((s) => s.status === "missing").map((s) => s.validator)).toEqual(["v3", "v4", "v5", "v3", "v4", "v5"]);
    const three = collectShares(enclaves.slice(2), executing, record, tx, confidential);
    expect(decode(expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...three })).args.get(0)!)).toBe(1000n);
  });

  it("A10: t−1 compromised enclaves' key shares do not decrypt; exactly t do", () => {
    const { tx, confidential } = encryptCall();
    const verified = verifyCiphertext(decodeCiphertext(confidential.ciphertext), context(tx, confidential), orderedSlots(SLOTS), pointFromHex(record.publicKey, "Y"));
    const dumps = enclaves.map((enclave) => enclave.dumpSecretsForTest().committees.find((c) => c.id === record.id)!);
    const attempt = (count: number) => {
      const shares = dumps.slice(0, count).map((d) => ({ id: d.participantId, point: mulSecret(verified.kemPoint, d.share), __verifiedShare: true as const }));
      return decryptArguments(verified, combineShares(shares, count));
    };
    expect(() => attempt(2)).toThrow("confidential argument could not be decrypted");
    expect(decode(attempt(3).get(2)!)).toBe(MARKER);
  });

  it("decrypted arguments are cached per ciphertext: a rotation re-opens without shares; the same ciphertext under another tx does not", () => {
    const { tx, confidential } = encryptCall();
    const executing = enclaves[2]!;
    const shares = collectShares(enclaves, executing, record, tx, confidential);
    const first = expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...shares }));
    const again = expectOpened(executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, sealedShares: [], sealedStateShares: shares.sealedStateShares }));
    expect(again.args).toEqual(first.args);
    expect(executing.dumpSecretsForTest().cachedArguments.map((c) => c.ciphertextId)).toContain(first.ciphertextId);
    const replay = executing.openExecution({ committee: record, tx: { ...tx, txHash: "0x" + "ee".repeat(32) }, confidential, schemaSlots: SLOTS, ...shares });
    expect(replay.ok).toBe(false);
  });

  it("a plaintext that does not match its type hint fails the open with the same line as a bad ciphertext", () => {
    const { tx } = encryptCall();
    const slots = orderedSlots(SLOTS);
    const ctxData = { committeeId: record.id, keyGeneration: 1, senderNonce: tx.senderNonce, args: SLOTS, ciphertext: new Uint8Array() };
    const encryptFirst = (first: CalldataValue, senderNonce: bigint) => {
      const call = { ...tx, senderNonce, txHash: "0x" + senderNonce.toString(16).padStart(64, "0") };
      const data = { ...ctxData, senderNonce };
      const ct = encryptForCommittee(pointFromHex(record.publicKey, "Y"), context(call, data), [
        { ...slots[0]!, plaintext: encode(first) }, { ...slots[1]!, plaintext: encode("fine") },
      ]);
      return { call, confidential: { ...data, ciphertext: encodeCiphertext(ct) } satisfies ConfidentialTxData };
    };
    const executing = enclaves[0]!;
    const control = encryptFirst(5n, nonce++);
    const controlShares = collectShares(enclaves, executing, record, control.call, control.confidential);
    expect(executing.openExecution({ committee: record, tx: control.call, confidential: control.confidential, schemaSlots: SLOTS, ...controlShares }).ok).toBe(true);
    const { confidential } = encryptFirst("not a number", tx.senderNonce);
    const shares = collectShares(enclaves, executing, record, tx, confidential);
    expect(shares.errors).toEqual([]);
    const mismatch = executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, ...shares });
    const tampered = { ...confidential, ciphertext: confidential.ciphertext.map((b, i) => (i === confidential.ciphertext.length - 1 ? b ^ 1 : b)) };
    const bad = executing.openExecution({ committee: record, tx, confidential: tampered, schemaSlots: SLOTS, ...shares });
    expect(mismatch.ok).toBe(false);
    expect(bad.ok).toBe(false);
    if (!mismatch.ok && !bad.ok) expect(mismatch.message).toBe(bad.message);
  });

  it("malformed opening input is refused uniformly, never thrown", () => {
    for (const input of [null, {}, { committee: record }, "x"]) {
      expect(enclaves[0]!.openExecution(input)).toEqual({ ok: false, message: "confidential inputs unavailable", shares: [], evidence: [] });
    }
  });
});

describe("decryption-share refusals", () => {
  it("A6: the same KEM point under another tx hash is refused; the same tx again (rotation, appeal) is served", () => {
    const { tx, confidential } = encryptCall();
    const executing = enclaves[0]!;
    expect(collectShares([enclaves[1]!], executing, record, tx, confidential).errors).toEqual([]);
    expect(collectShares([enclaves[1]!], executing, record, tx, confidential).errors).toEqual([]);
    const replay = collectShares([enclaves[1]!], executing, record, { ...tx, txHash: "0x" + "cd".repeat(32) }, confidential);
    expect(replay.errors).toEqual([`decryption-share refused: the ciphertext's KEM point was already used by transaction ${tx.txHash}`]);
  });

  it("A5: labels are rebuilt from the tx and the schema: another method, sender or type hint makes the ciphertext invalid", () => {
    const { tx, confidential } = encryptCall();
    const executing = enclaves[0]!;
    const invalid = "decryption-share refused: invalid confidential ciphertext";
    expect(collectShares([enclaves[1]!], executing, record, { ...tx, method: "withdraw" }, confidential).errors).toEqual([invalid]);
    expect(collectShares([enclaves[1]!], executing, record, { ...tx, sender: "0x" + "bb".repeat(20) }, confidential).errors).toEqual([invalid]);
    const asBytes = [SLOTS[0]!, { index: 2, typeHint: "bytes" }];
    expect(collectShares([enclaves[1]!], executing, record, tx, confidential, asBytes).errors).toEqual([invalid]);
    expect(collectShares([enclaves[1]!], executing, record, tx, { ...confidential, args: asBytes }, asBytes).errors).toEqual([invalid]);
  });

  it("refuses recipients outside the committee and committee records that differ from the ceremony", () => {
    const { tx, confidential } = encryptCall();
    const outsider = makeEnclaves(1, "network-seed-1", 7)[0]!;
    const toOutsider = enclaves[1]!.handle({
      kind: "decryption-share", committee: record, tx, confidential, schemaSlots: SLOTS, recipient: { participantId: 1, transportKey: outsider.transportKey },
    });
    expect(toOutsider).toEqual({ kind: "error", message: `decryption-share refused: the recipient is not a member of committee ${record.id.slice(0, 10)}…` });
    const forged = { ...record, members: record.members.map((m, i) => (i === 0 ? { ...m, transportKey: "0x" + Buffer.from(outsider.transportKey).toString("hex") } : m)) };
    const redirected = enclaves[1]!.handle({
      kind: "decryption-share", committee: forged, tx, confidential, schemaSlots: SLOTS, recipient: { participantId: 1, transportKey: outsider.transportKey },
    });
    expect(redirected).toEqual({ kind: "error", message: "decryption-share refused: committee record does not match this enclave's ceremony (member keys)" });
  });
});

describe("A17: the state key is never a PRF oracle for caller-chosen points", () => {
  it("no request carries a point; another contract's state share is refused; the share fits only this contract's hashed point", () => {
    const recipient = { participantId: 1, transportKey: enclaves[0]!.transportKey };
    const withPoint = enclaves[1]!.handle({ kind: "state-share", committee: record, contract: CONTRACT, recipient, point: encodePoint(mulSecret(G, 5n)) });
    expect(withPoint).toEqual({ kind: "error", message: "request not allowed: state-share: request.point is not an allowed field" });
    const other = enclaves[1]!.handle({ kind: "state-share", committee: record, contract: "0x" + "c1".repeat(20), recipient });
    expect(other.kind === "error" && other.message).toMatch(/^state-share refused: committee 0x[0-9a-f]{8}… holds the state key of 0xc0c0/);
    const answer = enclaves[1]!.handle({ kind: "state-share", committee: record, contract: CONTRACT, recipient });
    if (answer.kind !== "state-share") throw new Error(JSON.stringify(answer));
    const opened = openStateShare(answer.sealed, 1, enclaves[0]!.dumpSecretsForTest().transportSecretKey);
    const keys = new Map(record.members.map((m) => [m.participantId, pointFromHex(m.stateShareKey, "Y_s,i")]));
    expect(verifyPrfShare(stateKeyLabel(CHAIN_ID, CONTRACT), opened.share, keys).ok).toBe(true);
    expect(verifyPrfShare(stateKeyLabel(CHAIN_ID, "0x" + "c1".repeat(20)), opened.share, keys).ok).toBe(false);
  });
});
