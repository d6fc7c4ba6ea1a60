/**
 * The ledger's execution-side guards and its persistence: the on-chain replay guard for KEM
 * points, share evidence (deduplicated, per transaction), auditors named at deploy, the
 * confidential fee, and a lossless plain-data round trip (also through tagged JSON).
 */
import { describe, expect, it } from "vitest";
import { stringifyTagged, parseTagged } from "../../persistence/tagged-json";
import { encryptForCommittee } from "../tdh2.js";
import { makeArguments, makeCommittee, makeContext } from "../tdh2-fixtures.js";
import { ConfidentialLedger } from "./confidential-ledger.js";
import { ConfidentialLedgerError } from "./ledger-config.js";
import { BLOCK_MS, CONTRACT, T0, attest, attestationTx, candidates, makeLedger, recordFor } from "./ledger-fixtures.js";

const committee = makeCommittee(3, 2);
const kemPointOfFreshCiphertext = (): Uint8Array => encryptForCommittee(committee.publicKey, makeContext(committee), makeArguments()).u;
const TX_A = "0x" + "aa".repeat(32);
const TX_B = "0x" + "bb".repeat(32);

describe("ciphertext replay guard (A6 on chain)", () => {
  it("a KEM point is consumed by one transaction; that transaction may use it again, another is refused", () => {
    const { ledger } = makeLedger();
    const u = kemPointOfFreshCiphertext();
    expect(ledger.consume(u, TX_A, T0)).toEqual({ ok: true, first: true });
    expect(ledger.consume(u, TX_A, T0 + BLOCK_MS)).toEqual({ ok: true, first: false });
    const replay = ledger.consume(u, TX_B, T0 + 2 * BLOCK_MS);
    expect(replay).toEqual({ ok: false, firstTx: TX_A, reason: `confidential ciphertext was already used by transaction ${TX_A}` });
    expect(ledger.consumedBy(u)).toBe(TX_A);
    const kemPoint = "0x" + Buffer.from(u).toString("hex");
    expect(ledger.events.filter((e) => e.type.startsWith("ciphertext-"))).toEqual([
      { type: "ciphertext-consumed", kemPoint, txHash: TX_A, seq: 0, at: T0, height: 1000 },
      { type: "ciphertext-replay-refused", kemPoint, txHash: TX_B, firstTx: TX_A, seq: 1, at: T0 + 2 * BLOCK_MS, height: 1002 },
    ]);
  });

  it("keys on the first 32 bytes of U; a fresh ciphertext (another U) is independent", () => {
    const { ledger } = makeLedger();
    const u = kemPointOfFreshCiphertext();
    ledger.consume(u, TX_A, T0);
    const longer = new Uint8Array([...u, 1, 2, 3]);
    expect(ledger.consume(longer, TX_B, T0).ok).toBe(false);
    expect(ledger.consume(kemPointOfFreshCiphertext(), TX_B, T0)).toEqual({ ok: true, first: true });
    expect(() => ledger.consume(u.subarray(0, 31), TX_A, T0)).toThrow(ConfidentialLedgerError);
  });
});

describe("share evidence", () => {
  const evidence = (validator: string, txHash: string, byte: number) => ({ validator, txHash, reason: "DLEQ proof does not verify", share: new Uint8Array(8).fill(byte) });

  it("keeps one record per (transaction, validator) and lists what makes validators slashable per transaction", () => {
    const { ledger } = makeLedger();
    expect(ledger.recordEvidence(evidence("v2", TX_A, 1), T0)).toBe(true);
    // The same bad share reported by a second executing enclave (and a re-randomised copy) counts once.
    expect(ledger.recordEvidence(evidence("v2", TX_A, 1), T0)).toBe(false);
    expect(ledger.recordEvidence(evidence("v2", TX_A, 2), T0)).toBe(false);
    expect(ledger.recordEvidence(evidence("v3", TX_A, 3), T0)).toBe(true);
    expect(ledger.recordEvidence(evidence("v2", TX_B, 4), T0)).toBe(true);
    expect(ledger.slashingFor(TX_A)).toEqual([evidence("v2", TX_A, 1), evidence("v3", TX_A, 3)]);
    expect(ledger.slashingFor(TX_B).map((e) => e.validator)).toEqual(["v2"]);
    expect(ledger.slashingFor("0x" + "cc".repeat(32))).toEqual([]);
    expect(ledger.events.filter((e) => e.type === "share-evidence")).toHaveLength(3);
  });

  it("evidence is copied in and out", () => {
    const { ledger } = makeLedger();
    const record = evidence("v2", TX_A, 1);
    ledger.recordEvidence(record, T0);
    record.share[0] = 99;
    ledger.slashingFor(TX_A)[0].share[0] = 77;
    expect(ledger.slashingFor(TX_A)[0].share[0]).toBe(1);
  });
});

describe("auditors and fees", () => {
  it("auditors named at deploy are recognised in any address case; others and unknown contracts are not", () => {
    const { ledger } = makeLedger();
    const auditor = "0x" + "Ab".repeat(20);
    ledger.registerContract({ contract: CONTRACT, auditors: [auditor, auditor.toLowerCase()] }, T0);
    expect(ledger.contractConfig(CONTRACT)!.auditors).toEqual([auditor.toLowerCase()]);
    expect(ledger.isAuditor(CONTRACT, auditor.toUpperCase().replace("0X", "0x"))).toBe(true);
    expect(ledger.isAuditor(CONTRACT, "0x" + "ad".repeat(20))).toBe(false);
    expect(ledger.isAuditor("0x" + "c1".repeat(20), auditor)).toBe(false);
    expect(() => ledger.registerContract({ contract: CONTRACT, auditors: ["0x1234"] }, T0)).toThrow(/invalid auditor address "0x1234"/);
    expect(() => ledger.registerContract({ contract: "not an address" }, T0)).toThrow(/invalid contract address/);
    expect(ledger.events.at(-1)).toMatchObject({ type: "contract-registered", contract: CONTRACT, auditors: [auditor.toLowerCase()] });
  });

  it("confidential transactions pay validators the fee times the multiplier (default 2)", () => {
    expect(makeLedger().ledger.confidentialValidatorFee(10n ** 15n)).toBe(2n * 10n ** 15n);
    expect(makeLedger({ confidentialFeeMultiplier: 3 }).ledger.confidentialValidatorFee(7n)).toBe(21n);
  });
});

/** A ledger with something in every part of its state. */
function busyLedger() {
  const env = makeLedger();
  const { ledger } = env;
  for (let i = 1; i <= 4; i++) attest(env, i);
  ledger.submitAttestation({ ...attestationTx(env, 5), quote: new Uint8Array(10) }, T0); // rejected
  const unusedNonce = ledger.issueNonce(T0);
  ledger.revoke({ validator: "v4" }, T0 + BLOCK_MS);
  ledger.registerContract({ contract: CONTRACT, auditors: ["0x" + "ad".repeat(20)], threshold: 2 }, T0);
  const selection = ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(4), n: 3, seed: "s", atMs: T0 + BLOCK_MS });
  ledger.recordCommittee(recordFor(selection, T0 + 2 * BLOCK_MS));
  const u = kemPointOfFreshCiphertext();
  ledger.consume(u, TX_A, T0 + 3 * BLOCK_MS);
  ledger.recordEvidence({ validator: "v2", txHash: TX_A, reason: "bad share", share: new Uint8Array([1, 2, 3]) }, T0 + 3 * BLOCK_MS);
  return { env, ledger, unusedNonce, u };
}

describe("plain-data round trip", () => {
  it("toJSON → tagged JSON text → fromJSON gives an equal ledger that behaves the same", () => {
    const { env, ledger, unusedNonce, u } = busyLedger();
    const text = stringifyTagged(ledger.toJSON());
    const restored = ConfidentialLedger.fromJSON(parseTagged(text));
    expect(restored.toJSON()).toEqual(ledger.toJSON());
    expect(stringifyTagged(restored.toJSON())).toBe(text);
    const later = T0 + 4 * BLOCK_MS;
    expect(restored.attestedValidators(later)).toEqual(["v1", "v2", "v3"]);
    expect(restored.invalidReason("v4", later)).toBe("validator revoked");
    expect(restored.committeeOf(CONTRACT)).toEqual(ledger.committeeOf(CONTRACT));
    expect(restored.isAuditor(CONTRACT, "0x" + "ad".repeat(20))).toBe(true);
    expect(restored.slashingFor(TX_A)).toEqual(ledger.slashingFor(TX_A));
    expect(restored.events).toEqual(ledger.events);
    // Both refuse the same replay; both accept the nonce issued before the snapshot once, then refuse it.
    for (const l of [ledger, restored]) {
      expect(l.consume(u, TX_B, later)).toMatchObject({ ok: false, firstTx: TX_A });
      const tx = attestationTx(env, 5, later, { nonce: unusedNonce });
      expect(l.submitAttestation(tx, later)).toMatchObject({ ok: true });
      expect(l.submitAttestation(tx, later)).toMatchObject({ ok: false, code: "nonce-reused" });
    }
    expect(restored.issueNonce(later)).toEqual(ledger.issueNonce(later));
    // The same operations on both leave them equal, and they pick the same next committee.
    const pick = (l: ConfidentialLedger) => l.selectCommittee({ contract: CONTRACT, candidates: candidates(5), n: 3, seed: "t", atMs: later }).members;
    expect(pick(restored)).toEqual(pick(ledger));
    expect(restored.toJSON()).toEqual(ledger.toJSON());
  });

  it("the snapshot is a copy, and restore() rolls the state back", () => {
    const { ledger } = busyLedger();
    const snapshot = ledger.toJSON();
    snapshot.state.registrations.v1.revoked = "tampered";
    expect(ledger.isAttested("v1", T0 + 4 * BLOCK_MS)).toBe(true);
    const before = ledger.toJSON();
    const u = kemPointOfFreshCiphertext();
    ledger.consume(u, TX_B, T0 + 4 * BLOCK_MS);
    ledger.revoke({ validator: "v1" }, T0 + 4 * BLOCK_MS);
    ledger.restore(before);
    expect(ledger.toJSON()).toEqual(before);
    expect(ledger.isAttested("v1", T0 + 4 * BLOCK_MS)).toBe(true);
    expect(ledger.consume(u, TX_A, T0 + 5 * BLOCK_MS)).toEqual({ ok: true, first: true });
  });

  it("fromJSON refuses what is not a ledger snapshot, with one line", () => {
    for (const bad of [null, {}, { version: 2, config: {}, state: {} }, { ...makeLedger().ledger.toJSON(), state: { events: [] } }]) {
      expect(() => ConfidentialLedger.fromJSON(bad)).toThrow(ConfidentialLedgerError);
    }
  });
});
