/**
 * Binary layout of an emulated SGX DCAP v3 quote: 48-byte header ‖ 384-byte ISV enclave report
 * body ‖ signature data. Offsets and sizes of the header and body are the real ones (integers are
 * little-endian); the signature data is simplified: the platform certificate (our own structure,
 * see chain.ts) certifies the attestation key directly instead of a Quoting Enclave report and a
 * PEM chain.
 *
 *   header   0  version u16 (3)     2 attKeyType u16 (2 = ECDSA P-256)   4 teeType u32 (0 = SGX)
 *            8  qeSvn u16           10 pceSvn u16    12 qeVendorId[16]   28 userData[20]
 *   body    48  cpuSvn[16]          64 miscSelect u32   80 isvExtProdId[16]   96 attributes[16]
 *          112  mrEnclave[32]      176 mrSigner[32]    240 configId[64]     304 isvProdId u16
 *          306  isvSvn u16         308 configSvn u16   352 isvFamilyId[16]  368 reportData[64]
 *   sigData 432 length u32, 436 signature[64] (r‖s over header ‖ body), 500 attestPubKey[64] (x‖y),
 *          564 certDataType u16 (CERT_DATA_TYPE_EMULATED_PLATFORM), 566 certDataSize u32, 570 cert
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { FixedReader, FixedWriter, addressBytes, bytesEqual, lengthPrefixed, u64be, utf8 } from "./encoding.js";
import { PLATFORM_CERT_SIZE } from "./platform-cert.js";

export const HEADER_SIZE = 48;
export const REPORT_BODY_SIZE = 384;
export const SIGNED_SIZE = HEADER_SIZE + REPORT_BODY_SIZE;
/** signature ‖ attestPubKey ‖ certDataType ‖ certDataSize ‖ cert */
export const SIG_DATA_SIZE = 64 + 64 + 2 + 4 + PLATFORM_CERT_SIZE;
export const QUOTE_SIZE = SIGNED_SIZE + 4 + SIG_DATA_SIZE;

export const QUOTE_VERSION = 3;
export const ATT_KEY_TYPE_ECDSA_P256 = 2;
export const TEE_TYPE_SGX = 0;
/** Certification-data type of our platform certificate (outside DCAP's 1..7). */
export const CERT_DATA_TYPE_EMULATED_PLATFORM = 0x4701;
/** The emulated Quoting Enclave's vendor id: sha256("GL-EMU-QE")[0..16]. */
export const EMULATED_QE_VENDOR_ID = sha256(utf8("GL-EMU-QE")).slice(0, 16);
/** attributes.flags bit 1: the enclave runs in debug mode (its memory is readable). */
export const ATTRIBUTE_DEBUG = 0x02n;
/** INIT | MODE64BIT: what a production enclave carries. */
export const ATTRIBUTES_PRODUCTION = 0x05n;

/** Absolute offsets inside the quote. */
export const OFFSETS = {
  version: 0, attKeyType: 2, teeType: 4, qeSvn: 8, pceSvn: 10, qeVendorId: 12, userData: 28,
  cpuSvn: 48, miscSelect: 64, isvExtProdId: 80, attributes: 96, mrEnclave: 112, mrSigner: 176,
  configId: 240, isvProdId: 304, isvSvn: 306, configSvn: 308, isvFamilyId: 352, reportData: 368,
  sigDataLength: 432, signature: 436, attestPubKey: 500, certDataType: 564, certDataSize: 566, cert: 570,
} as const;

export interface QuoteHeader {
  version: number;
  attKeyType: number;
  teeType: number;
  qeSvn: number;
  pceSvn: number;
  qeVendorId: Uint8Array; // 16
  userData: Uint8Array; // 20: platformId[16] ‖ 4 zero bytes
}

export interface ReportBody {
  cpuSvn: Uint8Array; // 16
  miscSelect: number;
  isvExtProdId: Uint8Array; // 16
  attributes: Uint8Array; // 16: flags u64 LE ‖ xfrm u64 LE
  mrEnclave: Uint8Array; // 32
  mrSigner: Uint8Array; // 32
  configId: Uint8Array; // 64
  isvProdId: number;
  isvSvn: number;
  configSvn: number;
  isvFamilyId: Uint8Array; // 16
  reportData: Uint8Array; // 64
}

export interface Quote {
  header: QuoteHeader;
  body: ReportBody;
  signature: Uint8Array; // 64, r‖s
  attestPubKey: Uint8Array; // 64, x‖y
  certDataType: number;
  cert: Uint8Array; // encoded PlatformCert
}

export function encodeHeader(h: QuoteHeader): Uint8Array {
  const w = new FixedWriter(HEADER_SIZE);
  w.u16(OFFSETS.version, h.version);
  w.u16(OFFSETS.attKeyType, h.attKeyType);
  w.u32(OFFSETS.teeType, h.teeType);
  w.u16(OFFSETS.qeSvn, h.qeSvn);
  w.u16(OFFSETS.pceSvn, h.pceSvn);
  w.raw(OFFSETS.qeVendorId, 16, h.qeVendorId);
  w.raw(OFFSETS.userData, 20, h.userData);
  return w.bytes;
}

export function encodeReportBody(b: ReportBody): Uint8Array {
  const w = new FixedWriter(REPORT_BODY_SIZE);
  const at = (absolute: number) => absolute - HEADER_SIZE;
  w.raw(at(OFFSETS.cpuSvn), 16, b.cpuSvn);
  w.u32(at(OFFSETS.miscSelect), b.miscSelect);
  w.raw(at(OFFSETS.isvExtProdId), 16, b.isvExtProdId);
  w.raw(at(OFFSETS.attributes), 16, b.attributes);
  w.raw(at(OFFSETS.mrEnclave), 32, b.mrEnclave);
  w.raw(at(OFFSETS.mrSigner), 32, b.mrSigner);
  w.raw(at(OFFSETS.configId), 64, b.configId);
  w.u16(at(OFFSETS.isvProdId), b.isvProdId);
  w.u16(at(OFFSETS.isvSvn), b.isvSvn);
  w.u16(at(OFFSETS.configSvn), b.configSvn);
  w.raw(at(OFFSETS.isvFamilyId), 16, b.isvFamilyId);
  w.raw(at(OFFSETS.reportData), 64, b.reportData);
  return w.bytes;
}

/** The bytes the attestation key signs: header ‖ report body (as in DCAP). */
export function signedPart(q: Pick<Quote, "header" | "body">): Uint8Array {
  const out = new Uint8Array(SIGNED_SIZE);
  out.set(encodeHeader(q.header), 0);
  out.set(encodeReportBody(q.body), HEADER_SIZE);
  return out;
}

export function encodeQuote(q: Quote): Uint8Array {
  if (q.cert.length !== PLATFORM_CERT_SIZE) throw new Error(`platform certificate must be ${PLATFORM_CERT_SIZE} bytes`);
  const w = new FixedWriter(QUOTE_SIZE);
  w.raw(0, SIGNED_SIZE, signedPart(q));
  w.u32(OFFSETS.sigDataLength, SIG_DATA_SIZE);
  w.raw(OFFSETS.signature, 64, q.signature);
  w.raw(OFFSETS.attestPubKey, 64, q.attestPubKey);
  w.u16(OFFSETS.certDataType, q.certDataType);
  w.u32(OFFSETS.certDataSize, q.cert.length);
  w.raw(OFFSETS.cert, PLATFORM_CERT_SIZE, q.cert);
  return w.bytes;
}

/**
 * Strict structural decode: exact total length and self-consistent length fields. Field values
 * (version, key type…) are checked by the registry's rule 1 so each gets its own reason.
 */
export function decodeQuote(bytes: Uint8Array): Quote {
  if (bytes.length !== QUOTE_SIZE) throw new Error(`quote is ${bytes.length} bytes, expected exactly ${QUOTE_SIZE}`);
  const r = new FixedReader(bytes);
  if (r.u32(OFFSETS.sigDataLength) !== SIG_DATA_SIZE) throw new Error("quote signature-data length field is inconsistent");
  if (r.u32(OFFSETS.certDataSize) !== PLATFORM_CERT_SIZE) throw new Error("quote certificate-data size field is inconsistent");
  return {
    header: {
      version: r.u16(OFFSETS.version),
      attKeyType: r.u16(OFFSETS.attKeyType),
      teeType: r.u32(OFFSETS.teeType),
      qeSvn: r.u16(OFFSETS.qeSvn),
      pceSvn: r.u16(OFFSETS.pceSvn),
      qeVendorId: r.raw(OFFSETS.qeVendorId, 16),
      userData: r.raw(OFFSETS.userData, 20),
    },
    body: {
      cpuSvn: r.raw(OFFSETS.cpuSvn, 16),
      miscSelect: r.u32(OFFSETS.miscSelect),
      isvExtProdId: r.raw(OFFSETS.isvExtProdId, 16),
      attributes: r.raw(OFFSETS.attributes, 16),
      mrEnclave: r.raw(OFFSETS.mrEnclave, 32),
      mrSigner: r.raw(OFFSETS.mrSigner, 32),
      configId: r.raw(OFFSETS.configId, 64),
      isvProdId: r.u16(OFFSETS.isvProdId),
      isvSvn: r.u16(OFFSETS.isvSvn),
      configSvn: r.u16(OFFSETS.configSvn),
      isvFamilyId: r.raw(OFFSETS.isvFamilyId, 16),
      reportData: r.raw(OFFSETS.reportData, 64),
    },
    signature: r.raw(OFFSETS.signature, 64),
    attestPubKey: r.raw(OFFSETS.attestPubKey, 64),
    certDataType: r.u16(OFFSETS.certDataType),
    cert: r.raw(OFFSETS.cert, PLATFORM_CERT_SIZE),
  };
}

/** attributes.flags (the first 8 bytes, little-endian). */
export function attributeFlags(attributes: Uint8Array): bigint {
  return new DataView(attributes.buffer, attributes.byteOffset, 16).getBigUint64(0, true);
}

export function makeAttributes(flags: bigint, xfrm = 0x03n): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, flags, true);
  view.setBigUint64(8, xfrm, true);
  return out;
}

/** The fields of a registration transaction that the quote's report data commits to. */
export interface AttestationBinding {
  enclaveSigPk: Uint8Array;
  enclaveEncPk: Uint8Array;
  validatorAddress: string; // 0x + 40 hex
  chainId: number;
  registryNonce: Uint8Array; // 32
  issuedAt: number; // unix seconds
}

/** reportData = sha256(LP("GL-CIC-v1/attest", sigPk, encPk, address, chainId, nonce, issuedAt)) ‖ 0^32. */
export function bindingReportData(b: AttestationBinding): Uint8Array {
  const digest = sha256(
    lengthPrefixed(
      utf8("GL-CIC-v1/attest"),
      b.enclaveSigPk,
      b.enclaveEncPk,
      addressBytes(b.validatorAddress),
      u64be(b.chainId),
      b.registryNonce,
      u64be(b.issuedAt),
    ),
  );
  const out = new Uint8Array(64);
  out.set(digest, 0);
  return out;
}

/** header.userData = platformId ‖ 4 zero bytes. */
export function userDataForPlatform(platformId: Uint8Array): Uint8Array {
  if (platformId.length !== 16) throw new Error("platform id must be 16 bytes");
  const out = new Uint8Array(20);
  out.set(platformId, 0);
  return out;
}

export function userDataNamesPlatform(userData: Uint8Array, platformId: Uint8Array): boolean {
  return bytesEqual(userData, userDataForPlatform(platformId));
}
