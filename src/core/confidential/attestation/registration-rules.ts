/**
 * The registry's verification of a registration transaction (rules 1–9 of the design notes,
 * §3.3), in order; fail closed: the first failing rule is the answer, as one line.
 * Pure: reads a snapshot of the registry's state, changes nothing.
 */
import { bytesEqual, isAllZero, toHex } from "./encoding.js";
import { verifyP256, verifyPlatformCert } from "./chain.js";
import { PLATFORM_CERT_VERSION, decodePlatformCert, type PlatformCert } from "./platform-cert.js";
import {
  ATTRIBUTE_DEBUG, ATT_KEY_TYPE_ECDSA_P256, CERT_DATA_TYPE_EMULATED_PLATFORM, QUOTE_VERSION, TEE_TYPE_SGX, attributeFlags,
  bindingReportData, decodeQuote, signedPart, userDataNamesPlatform, type Quote,
} from "./quote.js";
import { fmspcKey, tcbStatusFor, type TcbInfo, type TcbStatus } from "./tcb-info.js";

export interface RegistrationTx {
  validatorAddress: string; // 0x + 40 hex
  enclaveSigPk: Uint8Array;
  enclaveEncPk: Uint8Array;
  issuedAt: number; // unix seconds
  registryNonce: Uint8Array; // 32
  quote: Uint8Array;
}

export interface MeasurementEntry {
  mrEnclave: Uint8Array;
  /** first block height at which this measurement may register */
  activeFromHeight: number;
  minIsvSvn: number;
  /** when set, the quote's MRSIGNER must equal it */
  mrSigner?: Uint8Array;
  revokedAtHeight?: number;
}

export interface NonceRecord {
  issuedAtHeight: number;
  used: boolean;
}

/** What the rules read from the registry. */
export interface RegistryView {
  chainId: number;
  manufacturerRootPublicKey: Uint8Array;
  qeVendorId: Uint8Array;
  acceptedTcbStatuses: readonly TcbStatus[];
  maxQuoteAgeSeconds: number;
  nonceLifetimeBlocks: number;
  revokedPlatforms: ReadonlySet<string>; // platformId hex
  tcbInfo: ReadonlyMap<string, TcbInfo>; // by fmspc hex
  measurement(mrEnclave: Uint8Array): MeasurementEntry | undefined;
  nonce(registryNonce: Uint8Array): NonceRecord | undefined;
  /** the validator holding an active registration on this platform at this height, if any */
  activeValidatorOnPlatform(platformId: Uint8Array, height: number): string | undefined;
  enclaveKeyUsed(publicKey: Uint8Array): boolean;
}

export interface RegistrationContext {
  now: number; // unix seconds
  height: number;
}

export interface VerifiedQuote {
  quote: Quote;
  cert: PlatformCert;
  tcbStatus: TcbStatus;
}

export type RuleOutcome = { ok: true; verified: VerifiedQuote } | { ok: false; rule: number; code: string; reason: string };

class RuleFailure extends Error {
  constructor(readonly rule: number, readonly code: string, detail: string) {
    super(`attestation rejected (rule ${rule}, ${code}): ${detail}`);
  }
}

function check(condition: boolean, rule: number, code: string, detail: string): asserts condition {
  if (!condition) throw new RuleFailure(rule, code, detail);
}

/** Rule 1: strict parse, exact lengths and pinned header values. */
function parseStrict(bytes: Uint8Array, view: RegistryView): { quote: Quote; cert: PlatformCert } {
  let quote: Quote;
  try {
    quote = decodeQuote(bytes);
  } catch (e) {
    throw new RuleFailure(1, "malformed-quote", (e as Error).message);
  }
  const h = quote.header;
  check(h.version === QUOTE_VERSION, 1, "quote-version", `quote version ${h.version}, expected ${QUOTE_VERSION}`);
  check(h.attKeyType === ATT_KEY_TYPE_ECDSA_P256, 1, "attestation-key-type", `attestation key type ${h.attKeyType}, expected ECDSA P-256 (2)`);
  check(h.teeType === TEE_TYPE_SGX, 1, "tee-type", `TEE type ${h.teeType}, expected SGX (0)`);
  check(bytesEqual(h.qeVendorId, view.qeVendorId), 1, "qe-vendor", "quoting enclave vendor id is not the pinned one");
  check(quote.certDataType === CERT_DATA_TYPE_EMULATED_PLATFORM, 1, "cert-data-type", `certification data type ${quote.certDataType} is not supported`);
  let cert: PlatformCert;
  try {
    cert = decodePlatformCert(quote.cert);
  } catch (e) {
    throw new RuleFailure(1, "malformed-cert", (e as Error).message);
  }
  check(cert.version === PLATFORM_CERT_VERSION, 1, "cert-version", `platform certificate version ${cert.version} is not supported`);
  check(userDataNamesPlatform(h.userData, cert.platformId), 1, "platform-id", "quote header does not name the certificate's platform");
  return { quote, cert };
}

/** Rule 2: the platform certificate chains to the pinned root, is within validity and not revoked. */
function checkPlatformCert(cert: PlatformCert, view: RegistryView, ctx: RegistrationContext): void {
  check(verifyPlatformCert(cert, view.manufacturerRootPublicKey), 2, "cert-signature", "platform certificate is not signed by the pinned manufacturer root");
  check(ctx.now >= cert.notBefore, 2, "cert-not-yet-valid", "platform certificate is not valid yet");
  check(ctx.now <= cert.notAfter, 2, "cert-expired", "platform certificate has expired");
  check(!view.revokedPlatforms.has(toHex(cert.platformId)), 2, "platform-revoked", `platform ${toHex(cert.platformId)} is revoked`);
}

/** Rule 3: TCB status from the on-chain table, accepted only within the policy set. */
function checkTcb(cert: PlatformCert, view: RegistryView): TcbStatus {
  const info = view.tcbInfo.get(fmspcKey(cert.fmspc));
  check(info !== undefined, 3, "tcb-unknown-fmspc", `no TCB info for FMSPC ${fmspcKey(cert.fmspc)}`);
  const status = tcbStatusFor(info, cert.cpuSvn, cert.pceSvn);
  check(status !== undefined, 3, "tcb-unrecognized", "platform TCB level is below every known level");
  check(view.acceptedTcbStatuses.includes(status), 3, "tcb-status", `platform TCB status ${status} is not accepted`);
  return status;
}

/** Rule 4: the attestation key signed header ‖ body and is the certified key. */
function checkQuoteSignature(quote: Quote, cert: PlatformCert): void {
  check(verifyP256(quote.signature, signedPart(quote), quote.attestPubKey), 4, "quote-signature", "quote signature does not verify under its attestation key");
  check(bytesEqual(quote.attestPubKey, cert.attestPubKey), 4, "attestation-key-mismatch", "attestation key is not the one the platform certificate certifies");
}

/** Rule 6: measurement allow-listed and active at this height, SVN and signer policy. */
function checkMeasurement(quote: Quote, view: RegistryView, ctx: RegistrationContext): void {
  const body = quote.body;
  const entry = view.measurement(body.mrEnclave);
  check(entry !== undefined, 6, "measurement-unknown", `MRENCLAVE ${toHex(body.mrEnclave).slice(0, 16)}… is not allow-listed`);
  check(ctx.height >= entry.activeFromHeight, 6, "measurement-not-active", `MRENCLAVE is allow-listed from height ${entry.activeFromHeight}`);
  check(entry.revokedAtHeight === undefined || ctx.height < entry.revokedAtHeight, 6, "measurement-revoked", "MRENCLAVE is revoked");
  check(body.isvSvn >= entry.minIsvSvn, 6, "isv-svn", `ISV SVN ${body.isvSvn} is below the minimum ${entry.minIsvSvn}`);
  check(!entry.mrSigner || bytesEqual(entry.mrSigner, body.mrSigner), 6, "mr-signer", "MRSIGNER is not the pinned signer");
}

/** Rule 7: report data commits to exactly this registration. */
function checkBinding(quote: Quote, tx: RegistrationTx, view: RegistryView): void {
  const data = quote.body.reportData;
  check(isAllZero(data.subarray(32)), 7, "report-data-padding", "report data bytes 32..64 must be zero");
  let expected: Uint8Array;
  try {
    expected = bindingReportData({ ...tx, chainId: view.chainId });
  } catch (e) {
    throw new RuleFailure(7, "report-data-binding", (e as Error).message);
  }
  check(bytesEqual(data, expected), 7, "report-data-binding", "report data does not commit to this registration's keys, address, chain, nonce and time");
}

/** Rule 8: freshness of the issue time and of the registry nonce. */
function checkFreshness(tx: RegistrationTx, view: RegistryView, ctx: RegistrationContext): void {
  check(Math.abs(ctx.now - tx.issuedAt) <= view.maxQuoteAgeSeconds, 8, "stale-quote", `quote issued at ${tx.issuedAt} is outside ±${view.maxQuoteAgeSeconds}s of now`);
  const nonce = view.nonce(tx.registryNonce);
  check(nonce !== undefined, 8, "nonce-unknown", "registry nonce was not issued by this registry");
  check(!nonce.used, 8, "nonce-reused", "registry nonce was already used");
  check(ctx.height - nonce.issuedAtHeight <= view.nonceLifetimeBlocks, 8, "nonce-expired", "registry nonce has expired");
}

/** Rule 9: one active registration per platform; enclave keys never registered before. */
function checkUniqueness(tx: RegistrationTx, cert: PlatformCert, view: RegistryView, ctx: RegistrationContext): void {
  const holder = view.activeValidatorOnPlatform(cert.platformId, ctx.height);
  check(holder === undefined || holder === tx.validatorAddress.toLowerCase(), 9, "platform-taken", `platform already registered by ${holder}`);
  check(!view.enclaveKeyUsed(tx.enclaveSigPk) && !view.enclaveKeyUsed(tx.enclaveEncPk), 9, "enclave-key-reused", "enclave key was registered before");
}

/** Rules 1–9 in order; the first failure is returned. */
export function verifyRegistration(tx: RegistrationTx, view: RegistryView, ctx: RegistrationContext): RuleOutcome {
  try {
    const { quote, cert } = parseStrict(tx.quote, view);
    checkPlatformCert(cert, view, ctx);
    const tcbStatus = checkTcb(cert, view);
    checkQuoteSignature(quote, cert);
    check((attributeFlags(quote.body.attributes) & ATTRIBUTE_DEBUG) === 0n, 5, "debug-enclave", "enclave runs in debug mode");
    checkMeasurement(quote, view, ctx);
    checkBinding(quote, tx, view);
    checkFreshness(tx, view, ctx);
    checkUniqueness(tx, cert, view, ctx);
    return { ok: true, verified: { quote, cert, tcbStatus } };
  } catch (e) {
    if (e instanceof RuleFailure) return { ok: false, rule: e.rule, code: e.code, reason: e.message };
    throw e;
  }
}
