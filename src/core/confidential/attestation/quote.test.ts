import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8 } from "./encoding.js";
import { PLATFORM_CERT_SIZE } from "./platform-cert.js";
import {
  ATTRIBUTE_DEBUG, EMULATED_QE_VENDOR_ID, HEADER_SIZE, OFFSETS, QUOTE_SIZE, REPORT_BODY_SIZE, attributeFlags, bindingReportData,
  decodeQuote, encodeQuote, makeAttributes, type Quote,
} from "./quote.js";

const filled = (length: number, value: number) => new Uint8Array(length).fill(value);

function sampleQuote(): Quote {
  return {
    header: { version: 3, attKeyType: 2, teeType: 0, qeSvn: 0x0102, pceSvn: 0x0304, qeVendorId: filled(16, 0x11), userData: filled(20, 0x12) },
    body: {
      cpuSvn: filled(16, 0x21), miscSelect: 0x0a0b0c0d, isvExtProdId: filled(16, 0x22), attributes: makeAttributes(0x05n, 0x03n),
      mrEnclave: filled(32, 0x23), mrSigner: filled(32, 0x24), configId: filled(64, 0x25), isvProdId: 0x0506, isvSvn: 0x0708,
      configSvn: 0x090a, isvFamilyId: filled(16, 0x26), reportData: filled(64, 0x27),
    },
    signature: filled(64, 0x31), attestPubKey: filled(64, 0x32), certDataType: 0x4701, cert: filled(PLATFORM_CERT_SIZE, 0x33),
  };
}

describe("DCAP v3 quote layout", () => {
  it("has the DCAP sizes: 48-byte header, 384-byte report body", () => {
    expect(HEADER_SIZE).toBe(48);
    expect(REPORT_BODY_SIZE).toBe(384);
    expect(encodeQuote(sampleQuote()).length).toBe(QUOTE_SIZE);
  });

  it("puts each field at its DCAP offset (the offsets Phala slices: MRENCLAVE 112, MRSIGNER 176, ISVPRODID 304, ISVSVN 306, REPORTDATA 368)", () => {
    const bytes = encodeQuote(sampleQuote());
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(0, true)).toBe(3);
    expect(view.getUint16(2, true)).toBe(2);
    expect(view.getUint32(4, true)).toBe(0);
    expect(view.getUint16(8, true)).toBe(0x0102);
    expect(view.getUint16(10, true)).toBe(0x0304);
    expect(bytes.subarray(12, 28)).toEqual(filled(16, 0x11));
    expect(bytes.subarray(28, 48)).toEqual(filled(20, 0x12));
    expect(bytes.subarray(48, 64)).toEqual(filled(16, 0x21));
    expect(view.getUint32(64, true)).toBe(0x0a0b0c0d);
    expect(bytes.subarray(68, 80)).toEqual(new Uint8Array(12)); // reserved
    expect(bytes.subarray(112, 144)).toEqual(filled(32, 0x23));
    expect(bytes.subarray(144, 176)).toEqual(new Uint8Array(32)); // reserved
    expect(bytes.subarray(176, 208)).toEqual(filled(32, 0x24));
    expect(view.getUint16(304, true)).toBe(0x0506);
    expect(view.getUint16(306, true)).toBe(0x0708);
    expect(view.getUint16(308, true)).toBe(0x090a);
    expect(bytes.subarray(352, 368)).toEqual(filled(16, 0x26));
    expect(bytes.subarray(368, 432)).toEqual(filled(64, 0x27));
    expect(view.getUint32(OFFSETS.sigDataLength, true)).toBe(QUOTE_SIZE - 436);
    expect(bytes.subarray(436, 500)).toEqual(filled(64, 0x31));
    expect(bytes.subarray(500, 564)).toEqual(filled(64, 0x32));
    expect(view.getUint16(564, true)).toBe(0x4701);
    expect(view.getUint32(566, true)).toBe(PLATFORM_CERT_SIZE);
  });

  it("decodes what it encodes", () => {
    const quote = sampleQuote();
    expect(decodeQuote(encodeQuote(quote))).toEqual(quote);
  });

  it("rejects a truncated or extended quote and inconsistent length fields", () => {
    const bytes = encodeQuote(sampleQuote());
    expect(() => decodeQuote(bytes.subarray(0, bytes.length - 1))).toThrow(/expected exactly/);
    expect(() => decodeQuote(new Uint8Array([...bytes, 0]))).toThrow(/expected exactly/);
    const badSigLength = bytes.slice();
    new DataView(badSigLength.buffer).setUint32(OFFSETS.sigDataLength, 10, true);
    expect(() => decodeQuote(badSigLength)).toThrow(/signature-data length/);
    const badCertSize = bytes.slice();
    new DataView(badCertSize.buffer).setUint32(OFFSETS.certDataSize, 1, true);
    expect(() => decodeQuote(badCertSize)).toThrow(/certificate-data size/);
  });

  it("refuses to encode fields of the wrong size", () => {
    const quote = sampleQuote();
    quote.body.mrEnclave = filled(31, 1);
    expect(() => encodeQuote(quote)).toThrow(/needs 32 bytes/);
  });

  it("reads the DEBUG flag from attributes", () => {
    expect(attributeFlags(makeAttributes(0x05n)) & ATTRIBUTE_DEBUG).toBe(0n);
    expect(attributeFlags(makeAttributes(0x07n)) & ATTRIBUTE_DEBUG).toBe(ATTRIBUTE_DEBUG);
  });

  it("pins the emulated QE vendor id to sha256('GL-EMU-QE')[0..16]", () => {
    expect(EMULATED_QE_VENDOR_ID).toEqual(sha256(utf8("GL-EMU-QE")).subarray(0, 16));
  });
});

describe("report data binding", () => {
  const base = {
    enclaveSigPk: filled(32, 1), enclaveEncPk: filled(32, 2), validatorAddress: "0x" + "ab".repeat(20), chainId: 7,
    registryNonce: filled(32, 3), issuedAt: 1_800_000_000,
  };

  it("is sha256 of the fields in the first 32 bytes and zero after", () => {
    const data = bindingReportData(base);
    expect(data.length).toBe(64);
    expect(data.subarray(32)).toEqual(new Uint8Array(32));
    expect(data.subarray(0, 32)).not.toEqual(new Uint8Array(32));
    expect(bindingReportData({ ...base })).toEqual(data);
  });

  it.each([
    ["enclaveSigPk", { enclaveSigPk: filled(32, 9) }],
    ["enclaveEncPk", { enclaveEncPk: filled(32, 9) }],
    ["validatorAddress", { validatorAddress: "0x" + "cd".repeat(20) }],
    ["chainId", { chainId: 8 }],
    ["registryNonce", { registryNonce: filled(32, 9) }],
    ["issuedAt", { issuedAt: 1_800_000_001 }],
  ])("changes when %s changes", (_name, change) => {
    expect(bindingReportData({ ...base, ...change })).not.toEqual(bindingReportData(base));
  });

  it("rejects a malformed validator address", () => {
    expect(() => bindingReportData({ ...base, validatorAddress: "0x1234" })).toThrow(/invalid validator address/);
  });
});
