/**
 * Every verification rule of the registry (rules 1–9) gets a negative test next to a positive
 * control; tests that cover an attack of the design notes' table carry its id (A20, A21).
 */
import { describe, expect, it } from "vitest";
import { p256 } from "@noble/curves/nist.js";
import { ManufacturerRoot, rawPublicKey } from "./chain.js";
import { utf8 } from "./encoding.js";
import { OFFSETS, decodeQuote, signedPart } from "./quote.js";
import type { RegistrationTx } from "./registration-rules.js";
import type { RegisterResult } from "./registry.js";
import {
  CONTEXT, ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, HEIGHT, NOW, OTHER_FMSPC, VALIDATOR_A, VALIDATOR_B, buildRegistration, cpuSvn, enclaveKeys,
  makeWorld, platformSpec,
} from "./attestation-fixtures.js";

function rejectedBy(result: RegisterResult): string {
  if (result.ok) return "accepted";
  expect(result.reason).not.toContain("\n");
  expect(result.reason).toMatch(new RegExp(`^attestation rejected \\(rule ${result.rule}, ${result.code}\\): `));
  return `${result.rule}:${result.code}`;
}

/** The tx with its quote's bytes changed by `edit` (no re-signing). */
function withQuoteBytes(tx: RegistrationTx, edit: (bytes: Uint8Array, view: DataView) => void): RegistrationTx {
  const bytes = tx.quote.slice();
  edit(bytes, new DataView(bytes.buffer));
  return { ...tx, quote: bytes };
}

describe("positive registration (rule 10)", () => {
  it("a well-formed quote from a certified up-to-date platform for an allow-listed bundle is stored", () => {
    const world = makeWorld();
    const platform = world.platform(1);
    const tx = buildRegistration(world, platform);
    const result = world.registry.register(tx, CONTEXT);
    expect(rejectedBy(result)).toBe("accepted");
    const stored = world.registry.registration(VALIDATOR_A)!;
    expect(stored.enclaveSigPk).toEqual(tx.enclaveSigPk);
    expect(stored.enclaveEncPk).toEqual(tx.enclaveEncPk);
    expect(stored.mrEnclave).toEqual(world.mrEnclave);
    expect(stored.platformId).toEqual(platform.platformId);
    expect(stored.tcbStatus).toBe("UpToDate");
    expect(stored.registeredAtHeight).toBe(HEIGHT);
    expect(stored.expiresAtHeight).toBe(1_300); // epoch 10 + 1 + 2 epochs of 100 blocks
    expect(world.registry.isValidAt(VALIDATOR_A, HEIGHT)).toBe(true);
  });
});

describe("rule 1: strict parse", () => {
  const world = makeWorld();
  const tx = buildRegistration(world, world.platform(1));
  it.each<[string, (b: Uint8Array, v: DataView) => void, string]>([
    ["version 4", (_b, v) => v.setUint16(OFFSETS.version, 4, true), "1:quote-version"],
    ["attestation key type 3", (_b, v) => v.setUint16(OFFSETS.attKeyType, 3, true), "1:attestation-key-type"],
    ["TEE type TDX (0x81)", (_b, v) => v.setUint32(OFFSETS.teeType, 0x81, true), "1:tee-type"],
    ["QE vendor id (Intel's)", (b) => b.set([0x93, 0x9a, 0x72, 0x33], OFFSETS.qeVendorId), "1:qe-vendor"],
    ["user data naming another platform", (b) => (b[OFFSETS.userData] ^= 1), "1:platform-id"],
    ["user data tail not zero", (b) => (b[OFFSETS.userData + 19] = 1), "1:platform-id"],
    ["certification data type 5 (PEM chain)", (_b, v) => v.setUint16(OFFSETS.certDataType, 5, true), "1:cert-data-type"],
    ["signature-data length field", (_b, v) => v.setUint32(OFFSETS.sigDataLength, 1, true), "1:malformed-quote"],
    ["certificate version", (_b, v) => v.setUint16(OFFSETS.cert, 2, true), "1:cert-version"],
  ])("rejects a changed %s", (_name, edit, expected) => {
    expect(rejectedBy(world.registry.register(withQuoteBytes(tx, edit), CONTEXT))).toBe(expected);
  });

  it("rejects a truncated and an extended quote", () => {
    expect(rejectedBy(world.registry.register({ ...tx, quote: tx.quote.subarray(0, tx.quote.length - 1) }, CONTEXT))).toBe("1:malformed-quote");
    expect(rejectedBy(world.registry.register({ ...tx, quote: new Uint8Array([...tx.quote, 0]) }, CONTEXT))).toBe("1:malformed-quote");
  });

  it("first failure wins: a quote broken for rules 1 and 4 is reported under rule 1", () => {
    const broken = withQuoteBytes(tx, (b, v) => {
      v.setUint16(OFFSETS.version, 4, true);
      b[OFFSETS.signature] ^= 1;
    });
    expect(rejectedBy(world.registry.register(broken, CONTEXT))).toBe("1:quote-version");
  });

  it("positive control: the unchanged quote passes", () => {
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("accepted");
  });
});

describe("rule 2: platform certificate", () => {
  it("A21: rejects a platform certified by a different root", () => {
    const world = makeWorld();
    const rogue = new ManufacturerRoot(utf8("rogue root")).manufacture(platformSpec(1));
    expect(rejectedBy(world.registry.register(buildRegistration(world, rogue), CONTEXT))).toBe("2:cert-signature");
  });

  it("rejects an expired and a not-yet-valid certificate; accepts on the boundary", () => {
    const world = makeWorld();
    const expired = world.platform(1, { notAfter: NOW - 1 });
    expect(rejectedBy(world.registry.register(buildRegistration(world, expired), CONTEXT))).toBe("2:cert-expired");
    const future = world.platform(2, { notBefore: NOW + 1 });
    expect(rejectedBy(world.registry.register(buildRegistration(world, future), CONTEXT))).toBe("2:cert-not-yet-valid");
    const boundary = world.platform(3, { notBefore: NOW, notAfter: NOW });
    expect(rejectedBy(world.registry.register(buildRegistration(world, boundary), CONTEXT))).toBe("accepted");
  });

  it("A21: rejects a revoked platform; another platform still registers", () => {
    const world = makeWorld();
    world.registry.revokePlatform(world.platform(1).platformId);
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1)), CONTEXT))).toBe("2:platform-revoked");
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(2)), CONTEXT))).toBe("accepted");
  });
});

describe("rule 3: TCB status policy", () => {
  it.each<[string, number, number, string]>([
    ["UpToDate", 5, 10, "accepted"],
    ["SWHardeningNeeded", 4, 10, "accepted"],
    ["OutOfDate", 3, 10, "3:tcb-status"],
    ["OutOfDate (PCE SVN below the up-to-date level)", 5, 9, "3:tcb-status"],
    ["below every level", 1, 10, "3:tcb-unrecognized"],
  ])("%s", (_name, svn, pceSvn, expected) => {
    const world = makeWorld();
    const platform = world.platform(1, { cpuSvn: cpuSvn(svn), pceSvn });
    expect(rejectedBy(world.registry.register(buildRegistration(world, platform), CONTEXT))).toBe(expected);
  });

  it("one lower CPU SVN component is enough to drop a level", () => {
    const world = makeWorld();
    const svn = cpuSvn(5);
    svn[15] = 4;
    const result = world.registry.register(buildRegistration(world, world.platform(1, { cpuSvn: svn })), CONTEXT);
    expect(result.ok && result.registration.tcbStatus).toBe("SWHardeningNeeded");
  });

  it("a registry whose policy accepts OutOfDate accepts it", () => {
    const world = makeWorld({ acceptedTcbStatuses: ["UpToDate", "OutOfDate"] });
    const platform = world.platform(1, { cpuSvn: cpuSvn(3) });
    expect(rejectedBy(world.registry.register(buildRegistration(world, platform), CONTEXT))).toBe("accepted");
  });

  it("rejects an FMSPC without TCB info", () => {
    const world = makeWorld();
    const platform = world.platform(1, { fmspc: OTHER_FMSPC });
    expect(rejectedBy(world.registry.register(buildRegistration(world, platform), CONTEXT))).toBe("3:tcb-unknown-fmspc");
  });
});

describe("rule 4: quote signature", () => {
  const world = makeWorld();
  const tx = buildRegistration(world, world.platform(1));

  it("A21: one bit flipped anywhere in the report body fails the signature", () => {
    for (const offset of [OFFSETS.cpuSvn, OFFSETS.mrEnclave + 5, OFFSETS.mrSigner, OFFSETS.isvSvn, OFFSETS.isvFamilyId, OFFSETS.reportData + 63]) {
      const flipped = withQuoteBytes(tx, (b) => (b[offset] ^= 0x01));
      expect(rejectedBy(world.registry.register(flipped, CONTEXT))).toBe("4:quote-signature");
    }
  });

  it("A21: a changed signature or header SVN (QE, PCE) fails", () => {
    expect(rejectedBy(world.registry.register(withQuoteBytes(tx, (b) => (b[OFFSETS.signature + 10] ^= 0x80)), CONTEXT))).toBe("4:quote-signature");
    expect(rejectedBy(world.registry.register(withQuoteBytes(tx, (_b, v) => v.setUint16(OFFSETS.qeSvn, 9, true)), CONTEXT))).toBe("4:quote-signature");
    expect(rejectedBy(world.registry.register(withQuoteBytes(tx, (_b, v) => v.setUint16(OFFSETS.pceSvn, 11, true)), CONTEXT))).toBe("4:quote-signature");
  });

  it("A21: a quote re-signed by an attacker's own key (its key in the quote) is not the certified key", () => {
    const attackerKey = p256.utils.randomSecretKey(new Uint8Array(48).fill(9));
    const forged = withQuoteBytes(tx, (b) => {
      b.set(new Uint8Array(32).fill(0x66), OFFSETS.mrEnclave); // any measurement the attacker likes
      b.set(p256.sign(signedPart(decodeQuote(b)), attackerKey), OFFSETS.signature);
      b.set(rawPublicKey(attackerKey), OFFSETS.attestPubKey);
    });
    expect(rejectedBy(world.registry.register(forged, CONTEXT))).toBe("4:attestation-key-mismatch");
  });

  it("positive control: the untouched quote verifies", () => {
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("accepted");
  });
});

describe("rule 5: no debug enclaves", () => {
  it("rejects a correctly signed quote of a debug enclave; the same enclave in production mode passes", () => {
    const world = makeWorld();
    const debug = buildRegistration(world, world.platform(1), { identity: { ...ENCLAVE_IDENTITY, debug: true } });
    expect(rejectedBy(world.registry.register(debug, CONTEXT))).toBe("5:debug-enclave");
    const production = buildRegistration(world, world.platform(1), { identity: { ...ENCLAVE_IDENTITY, debug: false } });
    expect(rejectedBy(world.registry.register(production, CONTEXT))).toBe("accepted");
  });

  it("first failure wins: debug and unknown measurement are reported under rule 5", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1), { bundle: utf8("other"), identity: { ...ENCLAVE_IDENTITY, debug: true } });
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("5:debug-enclave");
  });
});

describe("rule 6: measurement allow-list", () => {
  it("A20/A21: one byte changed in the worker bundle gives a new MRENCLAVE, which is rejected", () => {
    const world = makeWorld();
    const tampered = ENCLAVE_BUNDLE.slice();
    tampered[5] ^= 0x01;
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1), { bundle: tampered }), CONTEXT))).toBe("6:measurement-unknown");
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1)), CONTEXT))).toBe("accepted");
  });

  it("rejects an allow-list entry not yet active at this height, accepts from that height", () => {
    const world = makeWorld();
    world.registry.allowMeasurement({ mrEnclave: world.mrEnclave, activeFromHeight: HEIGHT + 1, minIsvSvn: 3 });
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1)), CONTEXT))).toBe("6:measurement-not-active");
    const later = { ...CONTEXT, height: HEIGHT + 1 };
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1), { height: HEIGHT + 1 }), later))).toBe("accepted");
  });

  it("rejects an ISV SVN below the minimum; the minimum itself passes", () => {
    const world = makeWorld();
    const low = buildRegistration(world, world.platform(1), { identity: { ...ENCLAVE_IDENTITY, isvSvn: 2 } });
    expect(rejectedBy(world.registry.register(low, CONTEXT))).toBe("6:isv-svn");
    const min = buildRegistration(world, world.platform(1), { identity: { ...ENCLAVE_IDENTITY, isvSvn: 3 } });
    expect(rejectedBy(world.registry.register(min, CONTEXT))).toBe("accepted");
  });

  it("rejects a signer other than the pinned MRSIGNER", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1), { identity: { ...ENCLAVE_IDENTITY, mrSigner: new Uint8Array(32).fill(7) } });
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("6:mr-signer");
  });

  it("rejects a revoked measurement", () => {
    const world = makeWorld();
    world.registry.revokeMeasurement(world.mrEnclave, HEIGHT);
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1)), CONTEXT))).toBe("6:measurement-revoked");
  });
});

describe("rule 7: report data binds the registration", () => {
  it("A21: rejects a quote presented with other enclave keys (Phala's InvalidUserDataHash)", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1));
    const otherKeys = enclaveKeys("attacker");
    expect(rejectedBy(world.registry.register({ ...tx, enclaveSigPk: otherKeys.enclaveSigPk }, CONTEXT))).toBe("7:report-data-binding");
    expect(rejectedBy(world.registry.register({ ...tx, enclaveEncPk: otherKeys.enclaveEncPk }, CONTEXT))).toBe("7:report-data-binding");
  });

  it("A21: rejects a valid quote replayed by another validator address", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1), { validator: VALIDATOR_A });
    expect(rejectedBy(world.registry.register({ ...tx, validatorAddress: VALIDATOR_B }, CONTEXT))).toBe("7:report-data-binding");
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("accepted"); // the nonce was not consumed by the rejection
  });

  it("rejects a quote made for another chain and a changed issue time", () => {
    const otherChain = makeWorld({ chainId: 1 });
    expect(rejectedBy(otherChain.registry.register(buildRegistration(otherChain, otherChain.platform(1)), CONTEXT))).toBe("7:report-data-binding");
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1));
    expect(rejectedBy(world.registry.register({ ...tx, issuedAt: tx.issuedAt + 1 }, CONTEXT))).toBe("7:report-data-binding");
  });

  it("rejects report data whose second half is not zero", () => {
    const world = makeWorld();
    const platform = world.platform(1);
    const tx = buildRegistration(world, platform);
    const reportData = decodeQuote(tx.quote).body.reportData;
    reportData[40] = 1;
    const quote = platform.quote(platform.report(ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, reportData));
    expect(rejectedBy(world.registry.register({ ...tx, quote }, CONTEXT))).toBe("7:report-data-padding");
  });
});

describe("rule 8: freshness", () => {
  it("A21: rejects a stale quote (now + 10^7 s, as Phala's OutdatedIASReport test) and one from the future; ±maxAge passes", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1));
    expect(rejectedBy(world.registry.register(tx, { ...CONTEXT, now: NOW + 10_000_000 }))).toBe("8:stale-quote");
    const future = buildRegistration(world, world.platform(1), { issuedAt: NOW + 7_201 });
    expect(rejectedBy(world.registry.register(future, CONTEXT))).toBe("8:stale-quote");
    expect(rejectedBy(world.registry.register(tx, { ...CONTEXT, now: NOW + 7_200 }))).toBe("accepted");
  });

  it("rejects a nonce the registry never issued", () => {
    const world = makeWorld();
    const tx = buildRegistration(world, world.platform(1), { nonce: new Uint8Array(32).fill(4) });
    expect(rejectedBy(world.registry.register(tx, CONTEXT))).toBe("8:nonce-unknown");
  });

  it("A21: rejects a reused registry nonce", () => {
    const world = makeWorld();
    const first = buildRegistration(world, world.platform(1), { validator: VALIDATOR_A });
    expect(rejectedBy(world.registry.register(first, CONTEXT))).toBe("accepted");
    const second = buildRegistration(world, world.platform(2), { validator: VALIDATOR_B, nonce: first.registryNonce });
    expect(rejectedBy(world.registry.register(second, CONTEXT))).toBe("8:nonce-reused");
  });

  it("rejects an expired nonce; the last block of its lifetime passes", () => {
    const world = makeWorld({ nonceLifetimeBlocks: 100 });
    const old = buildRegistration(world, world.platform(1), { height: HEIGHT - 101 });
    expect(rejectedBy(world.registry.register(old, CONTEXT))).toBe("8:nonce-expired");
    const edge = buildRegistration(world, world.platform(1), { height: HEIGHT - 100 });
    expect(rejectedBy(world.registry.register(edge, CONTEXT))).toBe("accepted");
  });
});

describe("rule 9: uniqueness", () => {
  it("rejects a second validator on a platform that has an active registration", () => {
    const world = makeWorld();
    expect(rejectedBy(world.registry.register(buildRegistration(world, world.platform(1), { validator: VALIDATOR_A }), CONTEXT))).toBe("accepted");
    const sybil = buildRegistration(world, world.platform(1), { validator: VALIDATOR_B });
    expect(rejectedBy(world.registry.register(sybil, CONTEXT))).toBe("9:platform-taken");
  });

  it("the same validator may renew on its platform with new keys; another may take it after expiry", () => {
    const world = makeWorld();
    world.registry.register(buildRegistration(world, world.platform(1), { validator: VALIDATOR_A }), CONTEXT);
    const renewal = buildRegistration(world, world.platform(1), { validator: VALIDATOR_A, keys: "A-renewed" });
    expect(rejectedBy(world.registry.register(renewal, CONTEXT))).toBe("accepted");
    const expiry = world.registry.registration(VALIDATOR_A)!.expiresAtHeight;
    const later = { ...CONTEXT, height: expiry };
    const takeover = buildRegistration(world, world.platform(1), { validator: VALIDATOR_B, height: expiry });
    expect(rejectedBy(world.registry.register(takeover, later))).toBe("accepted");
  });

  it("rejects enclave keys registered before, even by another validator on another platform", () => {
    const world = makeWorld();
    world.registry.register(buildRegistration(world, world.platform(1), { validator: VALIDATOR_A, keys: "shared" }), CONTEXT);
    const copy = buildRegistration(world, world.platform(2), { validator: VALIDATOR_B, keys: "shared" });
    expect(rejectedBy(world.registry.register(copy, CONTEXT))).toBe("9:enclave-key-reused");
    const fresh = buildRegistration(world, world.platform(2), { validator: VALIDATOR_B, keys: "fresh" });
    expect(rejectedBy(world.registry.register(fresh, CONTEXT))).toBe("accepted");
  });
});
