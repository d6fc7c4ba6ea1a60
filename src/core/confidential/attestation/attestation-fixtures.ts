/**
 * Test fixtures for the attestation tests: a deterministic manufacturer, platforms, a registry
 * with a TCB-info table and an allow-listed enclave bundle, and a builder for registration
 * transactions that goes through the real path (platform report → quoting enclave → quote).
 */
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ManufacturerRoot, type EmulatedPlatform, type EnclaveIdentity, type PlatformSpec } from "./chain.js";
import { utf8 } from "./encoding.js";
import { bindingReportData } from "./quote.js";
import { AttestationRegistry, type RegistryConfig } from "./registry.js";
import type { RegistrationTx } from "./registration-rules.js";
import type { TcbInfo } from "./tcb-info.js";

export const CHAIN_ID = 61_999;
export const NOW = 1_800_000_000; // unix seconds
export const HEIGHT = 1_000;
export const EPOCH_LENGTH = 100;
export const FMSPC = Uint8Array.from([0x00, 0x90, 0x6e, 0xa1, 0x00, 0x00]);
export const OTHER_FMSPC = Uint8Array.from([0x00, 0xa0, 0x65, 0x51, 0x00, 0x00]);
export const ENCLAVE_BUNDLE = utf8('/* GL enclave worker v1 */ self.onmessage = (e) => self.postMessage(["ok", e.data]);\n');
export const VENDOR_MR_SIGNER = sha256(utf8("GL-EMU vendor code-signing key"));
export const ENCLAVE_IDENTITY: EnclaveIdentity = { mrSigner: VENDOR_MR_SIGNER, isvProdId: 7, isvSvn: 3 };

export const VALIDATOR_A = "0x" + "a1".repeat(20);
export const VALIDATOR_B = "0x" + "b2".repeat(20);
export const VALIDATOR_C = "0x" + "c3".repeat(20);

/** CPU SVN with every component equal to `level`. */
export const cpuSvn = (level: number): Uint8Array => new Uint8Array(16).fill(level);

/** UpToDate at SVN 5 / PCE 10, SWHardeningNeeded at 4 / 10, OutOfDate at 2 / 5; below that unrecognized. */
export function tcbTable(fmspc: Uint8Array = FMSPC): TcbInfo {
  return {
    fmspc,
    levels: [
      { cpuSvn: cpuSvn(5), pceSvn: 10, status: "UpToDate" },
      { cpuSvn: cpuSvn(4), pceSvn: 10, status: "SWHardeningNeeded" },
      { cpuSvn: cpuSvn(2), pceSvn: 5, status: "OutOfDate" },
    ],
  };
}

export function platformSpec(index: number, overrides: Partial<PlatformSpec> = {}): PlatformSpec {
  return {
    platformId: sha256(utf8(`platform-${index}`)).slice(0, 16),
    fmspc: FMSPC,
    cpuSvn: cpuSvn(5),
    pceSvn: 10,
    qeSvn: 8,
    notBefore: NOW - 86_400 * 30,
    notAfter: NOW + 86_400 * 365,
    seed: utf8(`platform-seed-${index}`),
    ...overrides,
  };
}

export interface AttestationWorld {
  root: ManufacturerRoot;
  registry: AttestationRegistry;
  mrEnclave: Uint8Array;
  platform(index: number, overrides?: Partial<PlatformSpec>): EmulatedPlatform;
}

export function makeWorld(config: Partial<RegistryConfig> = {}): AttestationWorld {
  const root = new ManufacturerRoot(utf8("GL-EMU-SGX root seed"));
  const registry = new AttestationRegistry({
    chainId: CHAIN_ID,
    manufacturerRootPublicKey: root.publicKey,
    tcbInfo: [tcbTable()],
    epochLengthBlocks: EPOCH_LENGTH,
    registrationEpochs: 2,
    ...config,
  });
  const mrEnclave = registry.allowBundle(ENCLAVE_BUNDLE, { activeFromHeight: 0, minIsvSvn: 3, mrSigner: VENDOR_MR_SIGNER });
  return { root, registry, mrEnclave, platform: (index, overrides) => root.manufacture(platformSpec(index, overrides)) };
}

/** The enclave's own keys (generated inside the enclave in the real flow; seeded here). */
export function enclaveKeys(label: string): { enclaveSigPk: Uint8Array; enclaveEncPk: Uint8Array } {
  return {
    enclaveSigPk: ed25519.getPublicKey(sha256(utf8(`sig-${label}`))),
    enclaveEncPk: x25519.getPublicKey(sha256(utf8(`enc-${label}`))),
  };
}

export interface RegistrationOptions {
  validator?: string;
  bundle?: Uint8Array;
  identity?: EnclaveIdentity;
  issuedAt?: number;
  nonce?: Uint8Array;
  keys?: string;
  height?: number;
}

/** A registration transaction from `platform`: fresh nonce, report data bound to the tx fields. */
export function buildRegistration(world: AttestationWorld, platform: EmulatedPlatform, opts: RegistrationOptions = {}): RegistrationTx {
  const validatorAddress = opts.validator ?? VALIDATOR_A;
  const keys = enclaveKeys(opts.keys ?? validatorAddress);
  const issuedAt = opts.issuedAt ?? NOW;
  const registryNonce = opts.nonce ?? world.registry.issueNonce(opts.height ?? HEIGHT);
  const reportData = bindingReportData({ ...keys, validatorAddress, chainId: CHAIN_ID, registryNonce, issuedAt });
  const report = platform.report(opts.bundle ?? ENCLAVE_BUNDLE, opts.identity ?? ENCLAVE_IDENTITY, reportData);
  return { validatorAddress, ...keys, issuedAt, registryNonce, quote: platform.quote(report) };
}

export const CONTEXT = { now: NOW, height: HEIGHT };
