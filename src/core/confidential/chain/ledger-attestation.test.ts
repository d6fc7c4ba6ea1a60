/**
 * The registry rules (1–9) still fail closed when attestations go through the ledger: a negative
 * test per rule through `submitAttestation`, each next to the ledger staying unchanged, plus the
 * positive registration, renewal and the ledger's clock (heights, unix time).
 */
import { describe, expect, it } from "vitest";
import { ManufacturerRoot } from "../attestation/chain.js";
import { utf8 } from "../attestation/encoding.js";
import { ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, NOW, cpuSvn, makeWorld, platformSpec } from "../attestation/attestation-fixtures.js";
import { OFFSETS } from "../attestation/quote.js";
import type { AttestationResult, AttestationSubmission } from "./attestation-book.js";
import { ConfidentialLedgerError } from "./ledger-config.js";
import { BLOCK_MS, EXPIRY_HEIGHT, T0, attest, attestationTx, makeLedger, validatorAddress, type LedgerWorld } from "./ledger-fixtures.js";

function verdict(result: AttestationResult): string {
  if (result.ok) return "accepted";
  expect(result.reason).not.toContain("\n");
  expect(result.reason).toMatch(new RegExp(`^attestation rejected \\(rule ${result.rule}, ${result.code}\\): `));
  return `${result.rule}:${result.code}`;
}

interface RuleCase {
  name: string;
  expected: string;
  /** Builds the bad submission (and may change the ledger first, e.g. a revocation); returns it with its time. */
  build(env: LedgerWorld): { tx: AttestationSubmission; atMs: number };
}

const at = (tx: AttestationSubmission, atMs = T0) => ({ tx, atMs });

const RULE_CASES: RuleCase[] = [
  { name: "rule 1: a truncated quote", expected: "1:malformed-quote", build: (env) => {
    const tx = attestationTx(env, 1);
    return at({ ...tx, quote: tx.quote.subarray(0, tx.quote.length - 1) });
  } },
  { name: "rule 1: quote version 4", expected: "1:quote-version", build: (env) => {
    const tx = attestationTx(env, 1);
    const quote = tx.quote.slice();
    new DataView(quote.buffer).setUint16(OFFSETS.version, 4, true);
    return at({ ...tx, quote });
  } },
  { name: "rule 2 (A21): a platform certified by another root", expected: "2:cert-signature", build: (env) => {
    const rogue = new ManufacturerRoot(utf8("rogue root")).manufacture(platformSpec(1));
    const honest = attestationTx(env, 1);
    // Same registration fields, but the quote comes from the rogue platform.
    const forged = attestationTx({ ...env, world: { ...env.world, platform: () => rogue } }, 1, T0, { nonce: honest.registryNonce });
    return at(forged);
  } },
  { name: "rule 2 (A21): a platform revoked through the ledger", expected: "2:platform-revoked", build: (env) => {
    env.ledger.revoke({ platform: env.world.platform(1).platformId }, T0);
    return at(attestationTx(env, 1));
  } },
  { name: "rule 2: an expired platform certificate", expected: "2:cert-expired", build: (env) =>
    at(attestationTx(env, 1, T0, { platformSpec: { notAfter: NOW - 1 } })) },
  { name: "rule 3: an out-of-date TCB level", expected: "3:tcb-status", build: (env) =>
    at(attestationTx(env, 1, T0, { platformSpec: { cpuSvn: cpuSvn(3) } })) },
  { name: "rule 3: a TCB level below every known level", expected: "3:tcb-unrecognized", build: (env) =>
    at(attestationTx(env, 1, T0, { platformSpec: { cpuSvn: cpuSvn(1) } })) },
  { name: "rule 4 (A21): a flipped signature bit", expected: "4:quote-signature", build: (env) => {
    const tx = attestationTx(env, 1);
    const quote = tx.quote.slice();
    quote[OFFSETS.signature] ^= 1;
    return at({ ...tx, quote });
  } },
  { name: "rule 5: a debug enclave", expected: "5:debug-enclave", build: (env) =>
    at(attestationTx(env, 1, T0, { identity: { ...ENCLAVE_IDENTITY, debug: true } })) },
  { name: "rule 6 (A20/A21): one byte changed in the enclave bundle", expected: "6:measurement-unknown", build: (env) => {
    const bundle = ENCLAVE_BUNDLE.slice();
    bundle[bundle.length - 2] ^= 1;
    return at(attestationTx(env, 1, T0, { bundle }));
  } },
  { name: "rule 6: a measurement revoked through the ledger", expected: "6:measurement-revoked", build: (env) => {
    env.ledger.revoke({ measurement: env.world.mrEnclave }, T0);
    return at(attestationTx(env, 1));
  } },
  { name: "rule 6: an ISV SVN below the minimum", expected: "6:isv-svn", build: (env) =>
    at(attestationTx(env, 1, T0, { identity: { ...ENCLAVE_IDENTITY, isvSvn: 2 } })) },
  { name: "rule 7 (A21): a valid quote replayed for another validator address", expected: "7:report-data-binding", build: (env) =>
    at({ ...attestationTx(env, 1), validatorAddress: validatorAddress(2) }) },
  { name: "rule 7 (A21): a valid quote presented with other enclave keys", expected: "7:report-data-binding", build: (env) =>
    at({ ...attestationTx(env, 1), enclaveSigPk: attestationTx(env, 2).enclaveSigPk }) },
  { name: "rule 8 (A21): a quote issued two hours and one second before the ledger's time", expected: "8:stale-quote", build: (env) =>
    at(attestationTx(env, 1, T0, { issuedAt: env.ledger.unixSecondsAt(T0) - 7201 })) },
  { name: "rule 8: a nonce another registry issued", expected: "8:nonce-unknown", build: (env) =>
    at(attestationTx(env, 1, T0, { nonce: makeWorld().registry.issueNonce(1000) })) },
  { name: "rule 8: a nonce past its 100-block lifetime", expected: "8:nonce-expired", build: (env) => {
    const later = T0 + 101 * BLOCK_MS;
    const nonce = env.ledger.issueNonce(T0);
    return at(attestationTx(env, 1, later, { nonce }), later);
  } },
  { name: "rule 8 (A21): a reused nonce (the accepted transaction sent again)", expected: "8:nonce-reused", build: (env) => {
    const tx = attestationTx(env, 1);
    expect(env.ledger.submitAttestation(tx, T0).ok).toBe(true);
    return at(tx);
  } },
  { name: "rule 9: a second validator on a platform with an active registration", expected: "9:platform-taken", build: (env) => {
    attest(env, 1);
    return at(attestationTx(env, 2, T0, { platform: 1 }));
  } },
  { name: "rule 9: enclave keys registered before by another validator", expected: "9:enclave-key-reused", build: (env) => {
    attest(env, 1);
    return at(attestationTx(env, 2, T0, { keyLabel: "v1" }));
  } },
];

describe("registry rules through ConfidentialLedger.submitAttestation (fail closed)", () => {
  it.each(RULE_CASES.map((c) => [c.name, c] as const))("%s is rejected", (_name, c) => {
    const env = makeLedger();
    const { tx, atMs } = c.build(env);
    const attestedBefore = env.ledger.attestedValidators(atMs);
    const registrationBefore = env.ledger.attestation(tx.validator);
    const result = env.ledger.submitAttestation(tx, atMs);
    expect(verdict(result)).toBe(c.expected);
    // Nothing changed but the event list: same attested set, same registration, a rejection event.
    expect(env.ledger.attestedValidators(atMs)).toEqual(attestedBefore);
    expect(env.ledger.attestation(tx.validator)).toEqual(registrationBefore);
    const last = env.ledger.events[env.ledger.events.length - 1];
    expect(last).toMatchObject({ type: "attestation-rejected", validator: tx.validator, rule: Number(c.expected.split(":")[0]), code: c.expected.split(":")[1] });
  });

  it("a rejected submission leaves its nonce unused: the corrected transaction with the same nonce passes", () => {
    const env = makeLedger();
    const nonce = env.ledger.issueNonce(T0);
    const debug = attestationTx(env, 1, T0, { nonce, identity: { ...ENCLAVE_IDENTITY, debug: true } });
    expect(verdict(env.ledger.submitAttestation(debug, T0))).toBe("5:debug-enclave");
    expect(verdict(env.ledger.submitAttestation(attestationTx(env, 1, T0, { nonce }), T0))).toBe("accepted");
  });
});

describe("accepted attestations", () => {
  it("stores the registration (rule 10) with the ledger's height and expiry, and publishes an event", () => {
    const env = makeLedger();
    const tx = attestationTx(env, 1);
    const result = env.ledger.submitAttestation(tx, T0);
    expect(verdict(result)).toBe("accepted");
    const record = env.ledger.attestation("v1")!;
    expect(result.ok && result.registration).toEqual(record);
    expect(record).toMatchObject({
      validator: "v1",
      address: validatorAddress(1),
      enclaveKey: "0x" + Buffer.from(tx.enclaveSigPk).toString("hex"),
      transportKey: "0x" + Buffer.from(tx.enclaveEncPk).toString("hex"),
      mrEnclave: "0x" + Buffer.from(env.world.mrEnclave).toString("hex"),
      tcbStatus: "UpToDate",
      registeredAt: T0,
      registeredAtHeight: 1000,
      expiresAtHeight: EXPIRY_HEIGHT,
      revoked: null,
    });
    expect(env.ledger.attestedValidators(T0)).toEqual(["v1"]);
    expect(env.ledger.events.at(-1)).toMatchObject({ type: "attestation-accepted", validator: "v1", renewal: false, at: T0, height: 1000, expiresAtHeight: EXPIRY_HEIGHT });
  });

  it("a validator renews on its platform with fresh keys; its old keys can never come back", () => {
    const env = makeLedger();
    attest(env, 1);
    const later = T0 + 150 * BLOCK_MS; // height 1150, epoch 11
    const renewal = env.ledger.submitAttestation(attestationTx(env, 1, later, { keyLabel: "v1-renewed" }), later);
    expect(verdict(renewal)).toBe("accepted");
    expect(env.ledger.attestation("v1")!.expiresAtHeight).toBe(1400);
    expect(env.ledger.events.at(-1)).toMatchObject({ type: "attestation-accepted", renewal: true });
    expect(verdict(env.ledger.submitAttestation(attestationTx(env, 1, later, { keyLabel: "v1" }), later))).toBe("9:enclave-key-reused");
  });

  it("quote times are checked against genesis + virtual time: the same quote is fresh now and stale two hours later", () => {
    const env = makeLedger({ nonceLifetimeBlocks: 10_000 });
    const tx = attestationTx(env, 1, T0);
    expect(verdict(env.ledger.submitAttestation(tx, T0 + 7201 * BLOCK_MS))).toBe("8:stale-quote");
    expect(verdict(env.ledger.submitAttestation(tx, T0 + 7200 * BLOCK_MS))).toBe("accepted");
  });

  it("refuses a submission from a malformed validator id with one line", () => {
    const env = makeLedger();
    expect(() => env.ledger.submitAttestation({ ...attestationTx(env, 1), validator: "__proto__ x" }, T0)).toThrow(ConfidentialLedgerError);
  });
});

describe("the ledger's clock", () => {
  it("height = floor(virtualMs / blockMs) + 1 and epochs of epochLengthBlocks", () => {
    const { ledger } = makeLedger({ blockMs: 500 });
    expect([0, 499, 500, 1499].map((ms) => ledger.heightAt(ms))).toEqual([1, 1, 2, 3]);
    expect(ledger.epochAt(99 * 500 - 1)).toBe(0); // height 99
    expect(ledger.epochAt(99 * 500)).toBe(1); // height 100
  });

  it("refuses a bad configuration and a negative time with one line", () => {
    expect(() => makeLedger({ blockMs: 0 })).toThrow(/blockMs must be a positive integer/);
    expect(() => makeLedger({ confidentialFeeMultiplier: 1.5 })).toThrow(/confidentialFeeMultiplier/);
    expect(() => makeLedger().ledger.heightAt(-1)).toThrow(/invalid virtual time/);
  });
});
