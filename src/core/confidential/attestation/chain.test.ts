import { describe, expect, it } from "vitest";
import { gcmsiv } from "@noble/ciphers/aes.js";
import { ManufacturerRoot, measureEnclaveBundle, verifyP256, verifyPlatformCert } from "./chain.js";
import { utf8 } from "./encoding.js";
import { decodePlatformCert, encodePlatformCert, PLATFORM_CERT_TBS_SIZE } from "./platform-cert.js";
import { decodeQuote, signedPart } from "./quote.js";
import { ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, platformSpec } from "./attestation-fixtures.js";

const root = new ManufacturerRoot(utf8("root"));
const reportData = new Uint8Array(64).fill(5);

describe("emulated trust chain", () => {
  it("the same seed gives the same keys, another seed other keys", () => {
    expect(new ManufacturerRoot(utf8("root")).publicKey).toEqual(root.publicKey);
    expect(new ManufacturerRoot(utf8("other")).publicKey).not.toEqual(root.publicKey);
    expect(root.publicKey.length).toBe(64);
  });

  it("a platform certificate verifies under its root and not under another root", () => {
    const platform = root.manufacture(platformSpec(1));
    expect(verifyPlatformCert(platform.certificate, root.publicKey)).toBe(true);
    expect(verifyPlatformCert(platform.certificate, new ManufacturerRoot(utf8("other")).publicKey)).toBe(false);
  });

  it("any changed byte of the signed certificate breaks the root signature", () => {
    const bytes = root.manufacture(platformSpec(1)).certificateBytes;
    for (let i = 0; i < PLATFORM_CERT_TBS_SIZE; i += 7) {
      const changed = bytes.slice();
      changed[i] ^= 0x01;
      expect(verifyPlatformCert(decodePlatformCert(changed), root.publicKey)).toBe(false);
    }
  });

  it("certificates round-trip through their fixed layout", () => {
    const cert = root.manufacture(platformSpec(2)).certificate;
    expect(decodePlatformCert(encodePlatformCert(cert))).toEqual(cert);
  });

  it("the quoting enclave signs header ‖ body with the certified attestation key", () => {
    const platform = root.manufacture(platformSpec(1));
    const quote = decodeQuote(platform.quote(platform.report(ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, reportData)));
    expect(quote.attestPubKey).toEqual(platform.certificate.attestPubKey);
    expect(verifyP256(quote.signature, signedPart(quote), quote.attestPubKey)).toBe(true);
    expect(quote.body.mrEnclave).toEqual(measureEnclaveBundle(ENCLAVE_BUNDLE));
    expect(quote.body.reportData).toEqual(reportData);
  });

  it("A21: the quoting enclave refuses a report whose body was changed after the platform MACed it", () => {
    const platform = root.manufacture(platformSpec(1));
    const report = platform.report(ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, reportData);
    const forged = { ...report, body: { ...report.body, mrEnclave: measureEnclaveBundle(utf8("evil bundle")) } };
    expect(() => platform.quote(forged)).toThrow(/not produced by this platform/);
    expect(() => platform.quote(report)).not.toThrow();
  });

  it("A21: a report from one platform cannot be quoted by another", () => {
    const report = root.manufacture(platformSpec(1)).report(ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, reportData);
    expect(() => root.manufacture(platformSpec(2)).quote(report)).toThrow(/not produced by this platform/);
  });

  it("MRENCLAVE is sha256 of the exact bundle bytes: one changed byte changes it", () => {
    const changed = ENCLAVE_BUNDLE.slice();
    changed[changed.length - 2] ^= 0x20;
    expect(measureEnclaveBundle(changed)).not.toEqual(measureEnclaveBundle(ENCLAVE_BUNDLE));
    expect(measureEnclaveBundle(ENCLAVE_BUNDLE.slice())).toEqual(measureEnclaveBundle(ENCLAVE_BUNDLE));
  });

  it("A20: the seal key depends on the measurement and the platform; an upgraded bundle cannot unseal", () => {
    const platform = root.manufacture(platformSpec(1));
    const oldMeasurement = measureEnclaveBundle(ENCLAVE_BUNDLE);
    const newMeasurement = measureEnclaveBundle(utf8("upgraded bundle"));
    expect(platform.sealKey(oldMeasurement)).toEqual(root.manufacture(platformSpec(1)).sealKey(oldMeasurement));
    expect(platform.sealKey(newMeasurement)).not.toEqual(platform.sealKey(oldMeasurement));
    expect(root.manufacture(platformSpec(2)).sealKey(oldMeasurement)).not.toEqual(platform.sealKey(oldMeasurement));

    const nonce = new Uint8Array(12);
    const sealed = gcmsiv(platform.sealKey(oldMeasurement), nonce).encrypt(utf8("key share"));
    expect(gcmsiv(platform.sealKey(oldMeasurement), nonce).decrypt(sealed)).toEqual(utf8("key share"));
    expect(() => gcmsiv(platform.sealKey(newMeasurement), nonce).decrypt(sealed)).toThrow(/invalid polyval tag/);
  });

  it("verifyP256 returns false (never throws) for malformed keys and signatures", () => {
    expect(verifyP256(new Uint8Array(64), utf8("m"), new Uint8Array(64))).toBe(false);
    expect(verifyP256(new Uint8Array(63), utf8("m"), root.publicKey)).toBe(false);
  });
});
