/**
 * The emulated trust chain: manufacturer root (P-256) → platform certificate → quote signed by
 * the platform's attestation key. Hardware steps are explicit, testable rules:
 * - EREPORT: the platform itself measures the enclave bundle (MRENCLAVE = sha256 of the exact
 *   bytes) and MACs the report with a key only it holds;
 * - the Quoting Enclave signs only reports carrying that MAC, so other code cannot obtain a quote
 *   for an arbitrary measurement;
 * - EGETKEY (sealing): the seal key is derived from the platform secret and the measurement, so a
 *   changed bundle cannot unseal.
 * The signatures, hashes and key derivations are real; who holds which key is emulated.
 */
import { p256 } from "@noble/curves/nist.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { bytesEqual, lengthPrefixed, utf8 } from "./encoding.js";
import { PLATFORM_CERT_VERSION, certSigningMessage, encodePlatformCert, type PlatformCert, type PlatformCertBody } from "./platform-cert.js";
import {
  ATTRIBUTES_PRODUCTION, ATTRIBUTE_DEBUG, ATT_KEY_TYPE_ECDSA_P256, CERT_DATA_TYPE_EMULATED_PLATFORM, EMULATED_QE_VENDOR_ID,
  QUOTE_VERSION, TEE_TYPE_SGX, encodeQuote, encodeReportBody, makeAttributes, signedPart, userDataForPlatform,
  type ReportBody,
} from "./quote.js";

/** MRENCLAVE of a worker bundle: sha256 of the exact bytes that are executed. */
export function measureEnclaveBundle(bundle: Uint8Array): Uint8Array {
  return sha256(bundle);
}

/** A P-256 secret key: from `seed` (deterministic, for tests and golden vectors) or random. */
function p256SecretKey(seed: Uint8Array | undefined, purpose: string): Uint8Array {
  const material = seed ? hkdf(sha256, seed, undefined, utf8(`GL-EMU-SGX/keygen/${purpose}`), 48) : randomBytes(48);
  return p256.utils.randomSecretKey(material);
}

/** Public key as DCAP carries it: 64 bytes x‖y (the uncompressed point without its 0x04 prefix). */
export function rawPublicKey(secretKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(secretKey, false).slice(1);
}

/** ECDSA P-256 (SHA-256) verification of a 64-byte r‖s signature under a 64-byte x‖y key; never throws. */
export function verifyP256(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 64) return false;
  const sec1 = new Uint8Array(65);
  sec1[0] = 0x04;
  sec1.set(publicKey, 1);
  try {
    return p256.verify(signature, message, sec1);
  } catch {
    return false;
  }
}

export function verifyPlatformCert(cert: PlatformCert, rootPublicKey: Uint8Array): boolean {
  return verifyP256(cert.rootSignature, certSigningMessage(cert), rootPublicKey);
}

export interface PlatformSpec {
  platformId: Uint8Array; // 16
  fmspc: Uint8Array; // 6
  cpuSvn: Uint8Array; // 16
  pceSvn: number;
  qeSvn: number;
  notBefore: number;
  notAfter: number;
  /** deterministic keys (tests); random when absent */
  seed?: Uint8Array;
}

/** The emulated manufacturer ("GL-EMU-SGX"): its root key signs platform certificates. */
export class ManufacturerRoot {
  readonly publicKey: Uint8Array;
  readonly #secretKey: Uint8Array;

  constructor(seed?: Uint8Array) {
    this.#secretKey = p256SecretKey(seed, "manufacturer-root");
    this.publicKey = rawPublicKey(this.#secretKey);
  }

  /** Signs a certificate body (used at manufacture; exposed so tests can issue odd certificates). */
  certify(body: PlatformCertBody): PlatformCert {
    return { ...body, rootSignature: p256.sign(certSigningMessage(body), this.#secretKey) };
  }

  /** Builds a platform: its attestation key is generated inside it, the root certifies the public half. */
  manufacture(spec: PlatformSpec): EmulatedPlatform {
    return new EmulatedPlatform(spec, (attestPubKey) =>
      this.certify({
        version: PLATFORM_CERT_VERSION,
        platformId: spec.platformId,
        fmspc: spec.fmspc,
        cpuSvn: spec.cpuSvn,
        pceSvn: spec.pceSvn,
        attestPubKey,
        notBefore: spec.notBefore,
        notAfter: spec.notAfter,
      }),
    );
  }
}

/** The identity an enclave's signer declares (SIGSTRUCT analogue). */
export interface EnclaveIdentity {
  mrSigner: Uint8Array; // 32
  isvProdId: number;
  isvSvn: number;
  debug?: boolean;
}

/** A local report (EREPORT analogue): the body and a MAC only the platform can compute. */
export interface EnclaveReport {
  body: ReportBody;
  mac: Uint8Array;
}

/** One machine: CPU (reports, sealing) and Quoting Enclave (attestation key). */
export class EmulatedPlatform {
  readonly certificate: PlatformCert;
  readonly certificateBytes: Uint8Array;
  readonly #attestSecretKey: Uint8Array;
  readonly #reportKey: Uint8Array;
  readonly #sealSecret: Uint8Array;

  constructor(readonly spec: PlatformSpec, certify: (attestPubKey: Uint8Array) => PlatformCert) {
    this.#attestSecretKey = p256SecretKey(spec.seed, "attestation-key");
    const secretMaterial = spec.seed ? (purpose: string) => hkdf(sha256, spec.seed!, undefined, utf8(purpose), 32) : () => randomBytes(32);
    this.#reportKey = secretMaterial("GL-EMU-SGX/report-key");
    this.#sealSecret = secretMaterial("GL-EMU-SGX/seal-secret");
    this.certificate = certify(rawPublicKey(this.#attestSecretKey));
    this.certificateBytes = encodePlatformCert(this.certificate);
  }

  get platformId(): Uint8Array {
    return this.spec.platformId;
  }

  /** EREPORT: measures the bundle itself and MACs the report body. */
  report(bundle: Uint8Array, identity: EnclaveIdentity, reportData: Uint8Array): EnclaveReport {
    if (reportData.length !== 64) throw new Error("report data must be 64 bytes");
    const body: ReportBody = {
      cpuSvn: this.spec.cpuSvn,
      miscSelect: 0,
      isvExtProdId: new Uint8Array(16),
      attributes: makeAttributes(identity.debug ? ATTRIBUTES_PRODUCTION | ATTRIBUTE_DEBUG : ATTRIBUTES_PRODUCTION),
      mrEnclave: measureEnclaveBundle(bundle),
      mrSigner: identity.mrSigner,
      configId: new Uint8Array(64),
      isvProdId: identity.isvProdId,
      isvSvn: identity.isvSvn,
      configSvn: 0,
      isvFamilyId: new Uint8Array(16),
      reportData,
    };
    return { body, mac: this.#reportMac(body) };
  }

  /** The Quoting Enclave: checks the report MAC, then signs header ‖ body with the attestation key. */
  quote(report: EnclaveReport): Uint8Array {
    if (!bytesEqual(report.mac, this.#reportMac(report.body))) throw new Error("report was not produced by this platform");
    const header = {
      version: QUOTE_VERSION,
      attKeyType: ATT_KEY_TYPE_ECDSA_P256,
      teeType: TEE_TYPE_SGX,
      qeSvn: this.spec.qeSvn,
      pceSvn: this.spec.pceSvn,
      qeVendorId: EMULATED_QE_VENDOR_ID,
      userData: userDataForPlatform(this.spec.platformId),
    };
    const signature = p256.sign(signedPart({ header, body: report.body }), this.#attestSecretKey);
    return encodeQuote({
      header,
      body: report.body,
      signature,
      attestPubKey: this.certificate.attestPubKey,
      certDataType: CERT_DATA_TYPE_EMULATED_PLATFORM,
      cert: this.certificateBytes,
    });
  }

  /** EGETKEY with MRENCLAVE policy: a different measurement gets a different key. */
  sealKey(mrEnclave: Uint8Array): Uint8Array {
    return hkdf(sha256, this.#sealSecret, mrEnclave, utf8("GL-EMU-SGX/seal-key"), 32);
  }

  #reportMac(body: ReportBody): Uint8Array {
    return hmac(sha256, this.#reportKey, lengthPrefixed(utf8("GL-EMU-SGX/report"), encodeReportBody(body)));
  }
}
